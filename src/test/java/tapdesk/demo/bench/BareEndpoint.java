package tapdesk.demo.bench;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's baseline: a signed-in request that does nothing, through the same filters and session as the
 * card. Test classpath only; the benchmark adds it to the app it starts.
 */
@TestConfiguration(proxyBeanMethods = false)
public class BareEndpoint {

    /** Registered as a member class of this configuration. */
    @RestController
    static class Bare {
        @GetMapping("/bench/bare")
        @ResponseBody
        String bare() {
            return "ok";
        }
    }
}
