package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The documented compose set-up (README "Running behind a proxy"): the app port is published on the host's loopback
 * only, TapDesk trusts exactly the edge network the proxy comes from, and PostgreSQL is not on that network.
 */
class ComposeDefaultsTest {

    static final Pattern DEFAULT = Pattern.compile("\\$\\{(\\w+):-([^}]*)}");

    @SuppressWarnings("unchecked")
    static Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
    }

    @SuppressWarnings("unchecked")
    @Test
    void theAppPortIsPublishedOnlyWhereTheProxyReachesIt() throws IOException {
        var tapdesk = (Map<String, Object>) ((Map<String, Object>) compose().get("services")).get("tapdesk");

        assertThat((List<String>) tapdesk.get("ports")).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
    }

    @SuppressWarnings("unchecked")
    @Test
    void tapDeskTrustsExactlyTheEdgeNetworkWhichOnlyItAndTheProxyShare() throws IOException {
        var compose = compose();
        var services = (Map<String, Object>) compose.get("services");
        var tapdesk = (Map<String, Object>) services.get("tapdesk");
        String trusted = defaultOf((String) ((Map<String, Object>) tapdesk.get("environment")).get("TAPDESK_PROXY_TRUSTED"));
        var edge = (Map<String, Object>) ((Map<String, Object>) compose.get("networks")).get("edge");
        var ipam = (List<Map<String, Object>>) ((Map<String, Object>) edge.get("ipam")).get("config");
        String subnet = defaultOf((String) ipam.get(0).get("subnet"));

        assertThat(trusted).isEqualTo(subnet).isEqualTo("172.30.80.0/24");
        assertThat(TrustedProxies.ranges(trusted)).isEqualTo(subnet);
        assertThat((List<String>) tapdesk.get("networks")).contains("edge");
        assertThat((List<String>) ((Map<String, Object>) services.get("postgres")).get("networks")).doesNotContain("edge");
        String env = Files.readString(Path.of(".env.example"));
        assertThat(env).contains("TAPDESK_EDGE_SUBNET=" + subnet).contains("TAPDESK_PROXY_TRUSTED=" + subnet)
                .contains("TAPDESK_PUBLIC_BASE_URL=https://");
    }

    private static String defaultOf(String value) {
        Matcher m = DEFAULT.matcher(value);
        assertThat(m.matches()).as(value).isTrue();
        return m.group(2);
    }
}
