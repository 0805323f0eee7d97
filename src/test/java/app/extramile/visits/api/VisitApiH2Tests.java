package app.extramile.visits.api;

import app.extramile.AppTest;

@AppTest(systemTime = true)
class VisitApiH2Tests extends VisitApiContract {

}
