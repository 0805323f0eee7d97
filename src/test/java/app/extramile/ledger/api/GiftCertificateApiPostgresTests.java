package app.extramile.ledger.api;

import app.extramile.AppTestOnPostgres;

@AppTestOnPostgres(systemTime = true)
class GiftCertificateApiPostgresTests extends GiftCertificateApiContract {

}
