package app.extramile.team;

import app.extramile.AppTestOnPostgres;

@AppTestOnPostgres
class TeamPostgresTests extends TeamContract {

}
