package app.extramile.team;

import app.extramile.AppTest;

@AppTest
class TeamH2Tests extends TeamContract {

}
