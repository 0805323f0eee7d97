package app.extramile.ledger.api;

import app.extramile.AppTest;

@AppTest(systemTime = true)
class GiftCertificateApiH2Tests extends GiftCertificateApiContract {

}
