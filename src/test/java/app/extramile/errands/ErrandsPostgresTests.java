package app.extramile.errands;

import app.extramile.AppTestOnPostgres;

@AppTestOnPostgres
class ErrandsPostgresTests extends ErrandsContract {

}
