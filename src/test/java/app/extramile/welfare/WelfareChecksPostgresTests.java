package app.extramile.welfare;

import app.extramile.AppTestOnPostgres;

@AppTestOnPostgres
class WelfareChecksPostgresTests extends WelfareChecksContract {

}
