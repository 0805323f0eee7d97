package app.extramile.community;

import app.extramile.AppTestOnPostgres;

@AppTestOnPostgres
class CommunityBoardPostgresTests extends CommunityBoardContract {

}
