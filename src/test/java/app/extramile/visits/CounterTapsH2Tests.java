package app.extramile.visits;

import app.extramile.AppTest;

@AppTest
class CounterTapsH2Tests extends CounterTapsContract {

}
