package io.tapdesk.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;

import io.tapdesk.directory.TapPolicy;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphToken;
import org.junit.jupiter.api.Test;

class TenantPolicyTest {

    static final GraphToken TOKEN = new GraphToken("t");
    static final TapPolicy POLICY = new TapPolicy(true, 60, 60, 480, 8, false, List.of(), List.of());
    static final GraphFailure DENIED = new GraphFailure(GraphFailure.Kind.ACCESS_DENIED, 403, "accessDenied", "", "", null, null, null);

    final GraphGateway graph = mock(GraphGateway.class);

    TenantPolicy policy(boolean appOnlyConfigured) {
        when(graph.appOnlyConfigured()).thenReturn(appOnlyConfigured);
        return new TenantPolicy(graph, new PolicyProperties(Duration.ofMinutes(5), Duration.ofSeconds(30)));
    }

    @Test
    void readWithTheOperatorsTokenOncePerTtl() {
        when(graph.tapPolicy(TOKEN)).thenReturn(POLICY);
        TenantPolicy tenant = policy(false);

        for (int i = 0; i < 5; i++) {
            assertThat(tenant.current(TOKEN).policy()).isEqualTo(POLICY);
        }
        assertThat(tenant.current(TOKEN).source()).isEqualTo(TenantPolicy.Source.OPERATOR);
        verify(graph, times(1)).tapPolicy(TOKEN);
    }

    @Test
    void a403FallsBackToTheAppOnlyCredential() {
        when(graph.tapPolicy(TOKEN)).thenThrow(DENIED);
        when(graph.tapPolicyAppOnly()).thenReturn(POLICY);

        var reading = policy(true).current(TOKEN);

        assertThat(reading.source()).isEqualTo(TenantPolicy.Source.APP_ONLY);
        assertThat(reading.policy()).isEqualTo(POLICY);
    }

    @Test
    void withoutACredentialTapDeskDegradesAndRemembersItForAWhile() {
        when(graph.tapPolicy(TOKEN)).thenThrow(DENIED);
        TenantPolicy tenant = policy(false);

        var reading = tenant.current(TOKEN);
        tenant.current(TOKEN);

        assertThat(reading.known()).isFalse();
        assertThat(reading.source()).isEqualTo(TenantPolicy.Source.UNAVAILABLE);
        assertThat(reading.failure().kind()).isEqualTo(GraphFailure.Kind.ACCESS_DENIED);
        verify(graph, times(1)).tapPolicy(TOKEN);
        verify(graph, times(0)).tapPolicyAppOnly();
    }

    @Test
    void otherFailuresDoNotTryAppOnly() {
        when(graph.tapPolicy(TOKEN)).thenThrow(new GraphFailure(GraphFailure.Kind.BUSY, 429, "", "", "", null, null, null));

        assertThat(policy(true).current(TOKEN).known()).isFalse();
        verify(graph, times(0)).tapPolicyAppOnly();
    }
}
