package app.extramile.impact;

import app.extramile.AppTest;

@AppTest
class ImpactStoreH2Tests extends ImpactStoreContract {

}
