package app.extramile.customers;

import app.extramile.AppTest;

@AppTest(systemTime = true)
class CustomerDirectoryH2Tests extends CustomerDirectoryContract {

}
