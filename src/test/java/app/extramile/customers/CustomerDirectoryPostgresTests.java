package app.extramile.customers;

import app.extramile.AppTestOnPostgres;

@AppTestOnPostgres(systemTime = true)
class CustomerDirectoryPostgresTests extends CustomerDirectoryContract {

}
