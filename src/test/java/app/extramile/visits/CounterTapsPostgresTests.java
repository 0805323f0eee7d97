package app.extramile.visits;

import app.extramile.AppTestOnPostgres;

@AppTestOnPostgres
class CounterTapsPostgresTests extends CounterTapsContract {

}
