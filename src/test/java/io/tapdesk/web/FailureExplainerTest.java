package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.tapdesk.graph.GraphFailure;
import io.tapdesk.security.GrantedScopes;
import io.tapdesk.security.Operator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * A 403 on someone's authentication methods, told apart with what TapDesk knows (issue 16): the permissions granted
 * with the operator's token, and whether the person is privileged. The stand-in's demo sign-in always grants every
 * permission TapDesk asks, so the "not granted" answers are checked here, with the granted scopes given.
 */
class FailureExplainerTest {

    static final Operator AUTHENTICATION_ADMINISTRATOR = new Operator("o", "Olga", "olga@contoso.test",
            Set.of("TapDesk.Helpdesk"), Set.of("c4e39bd9-1100-46d3-8c65-fb160da0071f"));
    static final Set<String> TAPDESK_SCOPES = Set.of("openid", "profile", "offline_access", "User.Read.All",
            "UserAuthMethod-TAP.ReadWrite.All", "UserAuthenticationMethod.Read.All", "GroupMember.Read.All");

    final GrantedScopes grants = mock(GrantedScopes.class);
    final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
    FailureExplainer explainer;

    @BeforeEach
    void setUp() {
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        explainer = new FailureExplainer(messages, grants);
        LocaleContextHolder.setLocale(Locale.ENGLISH);
    }

    @AfterEach
    void tearDown() {
        LocaleContextHolder.resetLocaleContext();
    }

    static GraphFailure denied() {
        return new GraphFailure(GraphFailure.Kind.ACCESS_DENIED, 403, "accessDenied", "rid", "crid", null, null, null);
    }

    String headline(String key, Object... args) {
        return messages.getMessage(key + ".headline", args, Locale.ENGLISH);
    }

    @Test
    void aPermissionNotGrantedIsNamedWhateverTheRole() {
        when(grants.current()).thenReturn(Optional.of(Set.of("User.Read.All", "UserAuthMethod-TAP.ReadWrite.All")));

        assertThat(explainer.explainMethodsRefused(denied(), AUTHENTICATION_ADMINISTRATOR, false).headline())
                .isEqualTo(headline("graph16.methods-refused.not-granted", "UserAuthenticationMethod.Read.All"));
        assertThat(explainer.explainPart(denied(), AUTHENTICATION_ADMINISTRATOR, FailureExplainer.Needs.METHODS_READ, true)
                .headline()).isEqualTo(headline("graph16.access-denied.permission", "UserAuthenticationMethod.Read.All"));

        when(grants.current()).thenReturn(Optional.of(Set.of("User.Read.All", "UserAuthenticationMethod.Read.All")));
        assertThat(explainer.explainPart(denied(), AUTHENTICATION_ADMINISTRATOR, FailureExplainer.Needs.PASS_WRITE, false)
                .headline()).isEqualTo(headline("graph16.access-denied.permission", "UserAuthMethod-TAP.ReadWrite.All"));
    }

    @Test
    void withThePermissionGrantedAndNoRoleInTheIdTokenItIsTheOperatorsOwnRights() {
        when(grants.current()).thenReturn(Optional.of(TAPDESK_SCOPES));
        // wids (after a refresh) name only Global Reader: the activation of Authentication Administrator ended
        Operator lapsed = new Operator("o", "Olga", "olga@contoso.test", Set.of("TapDesk.Helpdesk"),
                Set.of("f2ef992c-3afb-46b9-b7cf-a126ee74c451"));

        var problem = explainer.explainPart(denied(), lapsed, FailureExplainer.Needs.PASS_WRITE, false);

        assertThat(problem.headline()).isEqualTo(headline("graph16.access-denied.own-rights"));
        assertThat(problem.requestId()).isEqualTo("rid");
        assertThat(explainer.explainMethodsRefused(denied(), lapsed, false).headline())
                .isEqualTo(headline("graph16.methods-refused.own-rights", "UserAuthenticationMethod.Read.All"));
        // a privileged person (or one TapDesk could not tell): the role the person needs, as before
        assertThat(explainer.explainPart(denied(), lapsed, FailureExplainer.Needs.PASS_WRITE, true).headline())
                .isEqualTo(headline("graph.access-denied.needs-role"));
    }

    @Test
    void anIdTokenThatStillNamesTheRoleMeansThePersonIsProtected() {
        when(grants.current()).thenReturn(Optional.of(TAPDESK_SCOPES));

        // a person who looks ordinary, refused: a restricted management administrative unit, not the agent's rights
        assertThat(explainer.explainPart(denied(), AUTHENTICATION_ADMINISTRATOR, FailureExplainer.Needs.PASS_WRITE, false)
                .headline()).isEqualTo(headline("graph.access-denied.needs-privileged"));
        assertThat(explainer.explainMethodsRefused(denied(), AUTHENTICATION_ADMINISTRATOR, false).headline())
                .isEqualTo(headline("graph16.methods-refused", "UserAuthenticationMethod.Read.All"));
        // without wids TapDesk cannot tell
        Operator unknown = new Operator("o", "Olga", "olga@contoso.test", Set.of("TapDesk.Helpdesk"), Set.of());
        assertThat(explainer.explainPart(denied(), unknown, FailureExplainer.Needs.PASS_WRITE, false).headline())
                .isEqualTo(headline("graph.access-denied.unknown-roles"));
    }

    @Test
    void withoutKnownScopesNothingIsGuessed() {
        when(grants.current()).thenReturn(Optional.empty());

        assertThat(explainer.explainPart(denied(), AUTHENTICATION_ADMINISTRATOR, FailureExplainer.Needs.PASS_WRITE, false)
                .headline()).isEqualTo(headline("graph.access-denied.needs-privileged"));
        assertThat(explainer.explainMethodsRefused(denied(), AUTHENTICATION_ADMINISTRATOR, false).headline())
                .isEqualTo(headline("graph16.methods-refused", "UserAuthenticationMethod.Read.All"));
    }
}
