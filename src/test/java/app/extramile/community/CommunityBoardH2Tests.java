package app.extramile.community;

import app.extramile.AppTest;

@AppTest
class CommunityBoardH2Tests extends CommunityBoardContract {

}
