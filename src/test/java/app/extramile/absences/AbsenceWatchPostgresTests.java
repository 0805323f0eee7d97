package app.extramile.absences;

import app.extramile.AppTestOnPostgres;

@AppTestOnPostgres(systemTime = true)
class AbsenceWatchPostgresTests extends AbsenceWatchContract {

}
