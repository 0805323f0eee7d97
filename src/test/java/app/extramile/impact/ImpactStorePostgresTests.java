package app.extramile.impact;

import app.extramile.AppTestOnPostgres;

@AppTestOnPostgres
class ImpactStorePostgresTests extends ImpactStoreContract {

}
