package app.extramile.callouts;

import app.extramile.AppTestOnPostgres;

@AppTestOnPostgres
class CallOutsPostgresTests extends CallOutsContract {

}
