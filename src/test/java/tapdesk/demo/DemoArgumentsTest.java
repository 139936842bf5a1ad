package tapdesk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.SimpleCommandLinePropertySource;

/**
 * {@code mvn spring-boot:test-run -Dspring-boot.run.arguments="--tapdesk.graph.base-url=…"}: a setting on the demo's
 * command line replaces the demo's own value, read the way Spring reads the command line.
 */
class DemoArgumentsTest {

    @Test
    void aSettingOnTheCommandLineReplacesTheDemosValue() {
        DemoStack stack = DemoStack.shared();
        String[] arguments = stack.appArguments(Map.of(), "--tapdesk.graph.base-url=http://127.0.0.1:9999/v1.0",
                "--logging.level.org.springframework.security=DEBUG", "--debug", "plain");

        var commandLine = new SimpleCommandLinePropertySource(arguments);

        assertThat(commandLine.getProperty("tapdesk.graph.base-url")).isEqualTo("http://127.0.0.1:9999/v1.0");
        assertThat(commandLine.getProperty("logging.level.org.springframework.security")).isEqualTo("DEBUG");
        assertThat(Arrays.stream(arguments).filter(a -> a.startsWith("--tapdesk.graph.base-url="))).hasSize(1);
        // what was not overridden stays the demo's, and other arguments are passed on
        assertThat(commandLine.getProperty("spring.datasource.url")).isEqualTo(stack.jdbcUrl());
        assertThat(commandLine.containsProperty("debug")).isTrue();
        assertThat(commandLine.getProperty("nonOptionArgs")).isEqualTo("plain");
    }

    @Test
    void theProgramsOwnOverridesStillWinOverTheStack() {
        var commandLine = new SimpleCommandLinePropertySource(DemoStack.shared().appArguments(Map.of("server.port", "1234")));

        assertThat(commandLine.getProperty("server.port")).isEqualTo("1234");
    }
}
