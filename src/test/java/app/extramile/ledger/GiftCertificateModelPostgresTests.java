package app.extramile.ledger;

import app.extramile.AppTestOnPostgres;

@AppTestOnPostgres
class GiftCertificateModelPostgresTests extends GiftCertificateModelContract {

	@Override
	int sequences() {
		return Integer.getInteger("ledger.model.sequences", 1000);
	}

}
