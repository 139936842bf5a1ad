package io.tapdesk.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class CloudDefaultsTest {

    static StandardEnvironment environment(Map<String, Object> properties) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new CloudDefaults().postProcessEnvironment(environment, null);
        return environment;
    }

    @Test
    void eachCloudSetsGraphAuthorityAndScopeTogether() {
        var dod = environment(Map.of("tapdesk.cloud", "usgov-l5"));
        assertThat(dod.getProperty("tapdesk.graph.base-url")).isEqualTo("https://dod-graph.microsoft.us/v1.0");
        assertThat(dod.getProperty("tapdesk.graph.scope-root")).isEqualTo("https://dod-graph.microsoft.us");
        assertThat(dod.getProperty("tapdesk.entra.authority-host")).isEqualTo("https://login.microsoftonline.us");

        var l4 = environment(Map.of("tapdesk.cloud", "usgov-l4"));
        assertThat(l4.getProperty("tapdesk.graph.base-url")).isEqualTo("https://graph.microsoft.us/v1.0");
        assertThat(l4.getProperty("tapdesk.entra.authority-host")).isEqualTo("https://login.microsoftonline.us");

        assertThat(environment(Map.of()).getProperty("tapdesk.graph.base-url")).isEqualTo("https://graph.microsoft.com/v1.0");
    }

    @Test
    void eachDefaultStaysOverridable() {
        var environment = environment(Map.of("tapdesk.cloud", "usgov-l4", "tapdesk.graph.base-url", "http://127.0.0.1:8089/v1.0"));

        assertThat(environment.getProperty("tapdesk.graph.base-url")).isEqualTo("http://127.0.0.1:8089/v1.0");
        assertThat(environment.getProperty("tapdesk.entra.authority-host")).isEqualTo("https://login.microsoftonline.us");
    }

    @Test
    void chinaStopsTheStartNamingGraphsAvailabilityTables() {
        assertThatThrownBy(() -> environment(Map.of("tapdesk.cloud", "china")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tapdesk.cloud=china")
                .hasMessageContaining("Temporary Access Pass endpoints")
                .hasMessageContaining("Temporary Access Pass policy")
                .hasMessageContaining("v1.0")
                .hasMessageContaining("national cloud deployments table")
                .hasMessageContaining("21Vianet")
                .hasMessageContaining("tapdesk.graph.base-url");
    }

    @Test
    void chinaWithAnExplicitGraphAddressStartsWithChinasSignIn() {
        var china = environment(Map.of("tapdesk.cloud", "china", "tapdesk.graph.base-url", "https://graph.example.cn/v1.0"));

        assertThat(china.getProperty("tapdesk.graph.base-url")).isEqualTo("https://graph.example.cn/v1.0");
        assertThat(china.getProperty("tapdesk.entra.authority-host")).isEqualTo("https://login.chinacloudapi.cn");
        assertThat(china.getProperty("tapdesk.graph.scope-root")).isEqualTo("https://microsoftgraph.chinacloudapi.cn");
    }

    @Test
    void anUnknownCloudStopsTheStart() {
        assertThatThrownBy(() -> environment(Map.of("tapdesk.cloud", "mars"))).hasMessageContaining("global, usgov-l4, usgov-l5, china");
    }
}
