package app.extramile.ledger;

import app.extramile.AppTest;

@AppTest
class GiftCertificateModelH2Tests extends GiftCertificateModelContract {

	@Override
	int sequences() {
		return Integer.getInteger("ledger.model.sequences", 1000);
	}

}
