package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.tapdesk.support.StackTest;
import org.junit.jupiter.api.Test;

/**
 * Health and metrics answer on the management port without sign-in; nothing else of actuator is there, and the app
 * port refuses actuator paths.
 */
class ManagementPortTest extends StackTest {

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndPrometheusOnTheManagementPortOnly() throws Exception {
        var health = get(STACK.managementUrl() + "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("details");

        var metrics = get(STACK.managementUrl() + "/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("application_ready_time_seconds");

        assertThat(get(STACK.managementUrl() + "/actuator/env").statusCode()).isEqualTo(404);
        assertThat(get(STACK.managementUrl() + "/actuator/beans").statusCode()).isEqualTo(404);
        // on the app port the app's chain refuses actuator paths, anonymous callers included (no sign-in redirect)
        assertThat(get(STACK.appUrl() + "/actuator/health").statusCode()).isEqualTo(403);
        assertThat(get(STACK.appUrl() + "/actuator/prometheus").statusCode()).isEqualTo(403);
        assertThat(get(STACK.appUrl() + "/actuator").statusCode()).isEqualTo(403);
        // the management port's own chain: no session, no sign-in
        assertThat(health.headers().allValues("Set-Cookie")).isEmpty();
    }
}
