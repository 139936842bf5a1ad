package io.tapdesk.passes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.directory.PassRequest;
import io.tapdesk.directory.PassStatus;
import io.tapdesk.handover.HandOverProperties;
import io.tapdesk.security.Operator;
import io.tapdesk.security.Roles;
import io.tapdesk.users.CardFacts;
import io.tapdesk.users.Part;
import io.tapdesk.users.PolicyCoverage;
import io.tapdesk.users.Privilege;
import io.tapdesk.policy.TenantPolicy;
import org.junit.jupiter.api.Test;

/**
 * The rules a hand-over adds at creation (issue 19): the Entra role Entra would demand for this person, read from the
 * operator's {@code wids} (none: cannot tell, refused); and {@code tapdesk.handover.required-for}, which refuses "the
 * caller" for the passes it names.
 */
class HandOverRulesTest {

    static final DirectoryUser PERSON = DirectoryUser.basic("p-1", "Pat", "pat@contoso.test", "pat@contoso.test", true, "Member");

    static CardFacts facts(Privilege privilege) {
        return new CardFacts(PERSON, Part.of(PassStatus.none()), Part.of(List.of()), Part.of(Optional.empty()), privilege,
                new TenantPolicy.Reading(null, TenantPolicy.Source.UNAVAILABLE, null), PolicyCoverage.COVERED);
    }

    static Operator operator(String... wids) {
        return new Operator("op-1", "Hana", "hana@contoso.test", Set.of(Roles.HELPDESK), Set.of(wids));
    }

    static final Privilege ADMIN_PERSON = new Privilege(List.of("62e90394-69f5-4237-9190-012177145e10"), List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of(), Privilege.Eligibility.CHECKED, List.of());

    @Test
    void theOperatorMustHoldTheRoleEntraWouldDemandForThisPerson() {
        assertThat(HandingOver.roleRule(operator(), facts(Privilege.none())).key()).isEqualTo("handover.role-unknown");
        assertThat(HandingOver.roleRule(operator("88d8e3e3-8f55-4a1e-953a-9b9898b8876b"), facts(Privilege.none())).key())
                .as("Directory Readers only").isEqualTo("handover.role-missing");
        assertThat(HandingOver.roleRule(operator(Roles.ENTRA_AUTHENTICATION_ADMINISTRATOR), facts(Privilege.none()))).isNull();
        assertThat(HandingOver.roleRule(operator(Roles.ENTRA_PRIVILEGED_AUTHENTICATION_ADMINISTRATOR), facts(Privilege.none()))).isNull();
        assertThat(HandingOver.roleRule(operator(Roles.ENTRA_AUTHENTICATION_ADMINISTRATOR), facts(ADMIN_PERSON)).key())
                .as("a privileged person needs the privileged role").isEqualTo("handover.role-missing.privileged");
        assertThat(HandingOver.roleRule(operator(Roles.ENTRA_PRIVILEGED_AUTHENTICATION_ADMINISTRATOR), facts(ADMIN_PERSON))).isNull();
    }

    @Test
    void aRequiredForRuleRefusesTheCallerAndOnlyTheCaller() {
        var properties = new HandOverProperties(Duration.ofHours(1), Duration.ofHours(24), false,
                List.of("multi-use", "longer-than-minutes"), 120, true);
        // only the properties are used for "the caller": the other collaborators are not needed
        HandingOver handingOver = new HandingOver(null, null, null, null, null, properties, null, null, null, null, null, null);
        Operator op = operator(Roles.ENTRA_AUTHENTICATION_ADMINISTRATOR);
        CardFacts facts = facts(Privilege.none());
        assertThat(handingOver.cardRules(op, facts, new PassRequest(60, true, null), Optional.empty())).isEmpty();
        assertThat(handingOver.cardRules(op, facts, new PassRequest(60, false, null), Optional.empty()))
                .extracting(Refusal::key).containsExactly("handover.required.multi-use");
        assertThat(handingOver.cardRules(op, facts, new PassRequest(180, true, null), Optional.empty()))
                .extracting(Refusal::key).containsExactly("handover.required.longer-than-minutes");
        var none = new HandOverProperties(Duration.ofHours(1), Duration.ofHours(24), false, List.of(), 120, true);
        assertThat(new HandingOver(null, null, null, null, null, none, null, null, null, null, null, null)
                .cardRules(op, facts, new PassRequest(180, false, null), Optional.empty())).isEmpty();
    }
}
