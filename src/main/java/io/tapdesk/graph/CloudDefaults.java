package io.tapdesk.graph;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code tapdesk.cloud} (global, usgov-l4, usgov-l5, china) sets the defaults of the Graph base URL, the Entra
 * authority host and the Graph scope root together. They are the lowest-precedence source: each stays overridable.
 */
public class CloudDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "tapdeskCloudDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String name = environment.getProperty("tapdesk.cloud", "global").trim().toUpperCase(Locale.ROOT).replace('-', '_');
        NationalCloud cloud;
        try {
            cloud = NationalCloud.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("tapdesk.cloud must be one of global, usgov-l4, usgov-l5, china; was "
                    + environment.getProperty("tapdesk.cloud"), e);
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(
                "tapdesk.graph.base-url", cloud.graphRoot() + "/v1.0",
                "tapdesk.graph.scope-root", cloud.graphRoot(),
                "tapdesk.entra.authority-host", cloud.authorityHost())));
    }
}
