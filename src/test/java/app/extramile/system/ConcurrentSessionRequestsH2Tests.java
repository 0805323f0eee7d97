package app.extramile.system;

import app.extramile.AppTest;
import org.springframework.boot.test.context.SpringBootTest;

@AppTest(systemTime = true)
class ConcurrentSessionRequestsH2Tests extends ConcurrentSessionRequestsContract {

}
