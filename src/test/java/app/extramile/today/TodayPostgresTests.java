package app.extramile.today;

import app.extramile.AppTestOnPostgres;

@AppTestOnPostgres(systemTime = true)
class TodayPostgresTests extends TodayContract {

}
