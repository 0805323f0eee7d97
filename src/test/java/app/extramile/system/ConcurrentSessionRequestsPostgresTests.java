package app.extramile.system;

import app.extramile.AppTestOnPostgres;
import org.springframework.boot.test.context.SpringBootTest;

@AppTestOnPostgres(systemTime = true)
class ConcurrentSessionRequestsPostgresTests extends ConcurrentSessionRequestsContract {

}
