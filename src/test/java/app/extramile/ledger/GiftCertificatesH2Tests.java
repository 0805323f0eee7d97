package app.extramile.ledger;

import app.extramile.AppTest;

@AppTest
class GiftCertificatesH2Tests extends GiftCertificatesContract {

}
