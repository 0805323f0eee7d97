package app.extramile.ledger;

import app.extramile.AppTestOnPostgres;

@AppTestOnPostgres
class GiftCertificatesPostgresTests extends GiftCertificatesContract {

}
