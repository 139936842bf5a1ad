package io.tapdesk.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.directory.Eligibilities;
import io.tapdesk.directory.Membership;
import io.tapdesk.directory.MethodsAndPass;
import io.tapdesk.directory.PassStatus;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphProperties;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.graph.OwnedRoleAssignableGroups;
import io.tapdesk.policy.TenantPolicy;
import io.tapdesk.security.Operator;
import io.tapdesk.web.FailureExplainer;
import org.junit.jupiter.api.Test;

/** The privilege reads' wiring: the start-up rule for the app-only credential, and what "checks off" means. */
class CardReaderTest {

    static final String PERSON = "5e1f0c2a-7d3b-4c8e-9a61-000000000001";
    static final GraphProperties GRAPH = new GraphProperties(URI.create("https://graph.microsoft.com/v1.0"),
            Duration.ofSeconds(5), Duration.ofSeconds(5), 1, 25, 8, Duration.ofSeconds(5));

    final GraphGateway graph = mock(GraphGateway.class);
    final TenantPolicy policy = mock(TenantPolicy.class);
    final OwnedRoleAssignableGroups owned = mock(OwnedRoleAssignableGroups.class);

    CardReader reader(boolean eligibilityChecks) {
        return new CardReader(graph, policy, Runnable::run, mock(FailureExplainer.class),
                new GuardrailProperties(List.of(), 240, eligibilityChecks), GRAPH, owned);
    }

    @Test
    void startUpFailsWithoutAnAppOnlyCredentialUnlessEligibilityChecksAreOff() {
        when(graph.appOnlyConfigured()).thenReturn(false);

        assertThatThrownBy(() -> reader(true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tapdesk.app-only").hasMessageContaining("tapdesk.guardrails.eligibility-checks=false");
        assertThatCode(() -> reader(false)).doesNotThrowAnyException();

        when(graph.appOnlyConfigured()).thenReturn(true);
        assertThatCode(() -> reader(true)).doesNotThrowAnyException();
    }

    @Test
    void withEligibilityChecksOffNothingIsAskedOfPimAndThePrivilegeSaysSo() {
        stubTheCard();

        var facts = reader(false).read(new GraphToken("t"), PERSON, operator());

        assertThat(facts.privilege().eligibility()).isEqualTo(Privilege.Eligibility.NOT_CHECKED);
        assertThat(facts.privilege().eligibilityKey()).isEqualTo("card.privilege.eligibility.not-checked");
        assertThat(facts.privilege().countsAsPrivileged()).isFalse();
        verify(graph, never()).eligibleRoles(anyString());
        verify(graph, never()).eligibleGroups(anyString());
    }

    @Test
    void theFourReadsMakeOneVerdict() {
        when(graph.appOnlyConfigured()).thenReturn(true);
        stubTheCard();
        when(graph.ownedGroups(any(), anyString())).thenReturn(List.of(
                new Membership(Membership.Type.GROUP, "g1", "Tier 0", true),
                new Membership(Membership.Type.GROUP, "g2", "Team site", false)));
        when(graph.eligibleRoles(PERSON)).thenReturn(Eligibilities.noPimLicence());

        var privilege = reader(true).read(new GraphToken("t"), PERSON, operator()).privilege();

        // an owned ordinary group is no privilege; an owned role-assignable one is; no licence: nobody is eligible
        assertThat(privilege.ownerOf()).containsExactly("Tier 0");
        assertThat(privilege.eligibility()).isEqualTo(Privilege.Eligibility.NO_PIM_LICENCE);
        assertThat(privilege.privileged()).isTrue();
        assertThat(privilege.unknown()).isFalse();
    }

    private void stubTheCard() {
        when(graph.user(any(), anyString())).thenReturn(new DirectoryUser(PERSON, "Adele Vance", "adele@contoso.test", null,
                true, "Member", null, null, null, null, null, List.of(), null));
        when(graph.methods(any(), anyString())).thenReturn(new MethodsAndPass(List.of(), PassStatus.none()));
        when(graph.manager(any(), anyString())).thenReturn(Optional.empty());
        when(graph.memberships(any(), anyString())).thenReturn(List.of());
        when(graph.ownedGroups(any(), anyString())).thenReturn(List.of());
        when(graph.eligibleRoles(anyString())).thenReturn(Eligibilities.found(List.of()));
        when(graph.eligibleGroups(anyString())).thenReturn(Eligibilities.found(List.of()));
        when(policy.current(any())).thenReturn(new TenantPolicy.Reading(null, TenantPolicy.Source.UNAVAILABLE, null));
    }

    private static Operator operator() {
        return new Operator("5e1f0c2a-7d3b-4c8e-9a61-000000000021", "Adam Admin", "admin@contoso.test", Set.of("TapDesk.Admin"), Set.of());
    }
}
