package app.extramile.today;

import app.extramile.AppTest;

@AppTest(systemTime = true)
class TodayH2Tests extends TodayContract {

}
