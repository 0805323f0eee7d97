package app.extramile.customers;

import app.extramile.AppTestOnPostgres;

@AppTestOnPostgres(systemTime = true)
class CustomerRecordsPostgresTests extends CustomerRecordsContract {

}
