package app.extramile.alarms;

import app.extramile.AppTest;

@AppTest
class AlarmDeskH2Tests extends AlarmDeskContract {

}
