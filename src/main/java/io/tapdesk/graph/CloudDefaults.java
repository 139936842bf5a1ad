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
        if (!cloud.offersPassesOnV1() && !environment.containsProperty("tapdesk.graph.base-url")) {
            throw new IllegalStateException(chinaRefusal());
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(
                "tapdesk.graph.base-url", cloud.graphRoot() + "/v1.0",
                "tapdesk.graph.scope-root", cloud.graphRoot(),
                "tapdesk.entra.authority-host", cloud.authorityHost())));
    }

    /**
     * Fail at start-up rather than offer a form that cannot work: Graph v1.0's pages "Create
     * temporaryAccessPassMethod", "List temporaryAccessPassMethods", "Get temporaryAccessPassAuthenticationMethod" and
     * "Get temporaryAccessPassAuthenticationMethodConfiguration" (and "List methods") mark "China operated by 21Vianet"
     * as not available in their national cloud deployments table (docs/graph.md §6).
     */
    static String chinaRefusal() {
        return "tapdesk.cloud=china: Microsoft Graph v1.0 does not offer the Temporary Access Pass endpoints "
                + "(/users/{id}/authentication/temporaryAccessPassMethods) or the Temporary Access Pass policy in China "
                + "operated by 21Vianet: the national cloud deployments table on each of those API pages (Create and List "
                + "temporaryAccessPassMethods, Get temporaryAccessPassAuthenticationMethodConfiguration) marks that cloud "
                + "not available. TapDesk could not issue a pass there. To run against a Graph that offers them, set "
                + "tapdesk.graph.base-url explicitly (README, \"National clouds\").";
    }
}
