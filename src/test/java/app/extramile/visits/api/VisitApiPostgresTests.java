package app.extramile.visits.api;

import app.extramile.AppTestOnPostgres;

@AppTestOnPostgres(systemTime = true)
class VisitApiPostgresTests extends VisitApiContract {

}
