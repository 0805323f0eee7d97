package app.extramile.alarms;

import app.extramile.AppTestOnPostgres;

@AppTestOnPostgres
class AlarmDeskPostgresTests extends AlarmDeskContract {

}
