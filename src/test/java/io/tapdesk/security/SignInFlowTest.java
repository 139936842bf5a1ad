package io.tapdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import tapdesk.demo.DemoOperators;

/** The real authorization-code + PKCE sign-in against the demo identity provider, the role pages and sign-out. */
class SignInFlowTest extends StackTest {

    @Test
    void signInSendsPkceAndTheGraphScopesAndLandsOnTheSearch() {
        WebSession web = session();
        var page = web.signIn(DemoOperators.HELPDESK);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"q\"").contains("Hana Helpdesk");
        String authorize = web.trail().stream().filter(t -> t.contains("Location: " + STACK.issuer() + "/oauth2/authorize?"))
                .findFirst().orElseThrow();
        Map<String, String> query = query(authorize.substring(authorize.indexOf("Location: ") + 10));
        assertThat(query.get("code_challenge")).as("PKCE challenge").matches("[A-Za-z0-9_-]{43}");
        assertThat(query.get("code_challenge_method")).isEqualTo("S256");
        assertThat(query.get("response_type")).isEqualTo("code");
        // least privilege: the granular pass permission and only a read permission for the methods list, never the
        // broad UserAuthenticationMethod.ReadWrite.All (which can delete any method)
        assertThat(query.get("scope").split(" "))
                .containsExactlyInAnyOrder("openid", "profile", "offline_access", "https://graph.microsoft.com/User.Read.All",
                        "https://graph.microsoft.com/UserAuthMethod-TAP.ReadWrite.All",
                        "https://graph.microsoft.com/UserAuthenticationMethod.Read.All", "https://graph.microsoft.com/GroupMember.Read.All",
                        // "ask the manager": a Teams message from the operator's own account, or mail from their mailbox
                        "https://graph.microsoft.com/Chat.Create", "https://graph.microsoft.com/ChatMessage.Send",
                        "https://graph.microsoft.com/Mail.Send");
        // the provider requires the proof key, so reaching the app proves the token request sent the verifier too
        assertThat(web.trail()).anySatisfy(t -> assertThat(t).contains("/login/oauth2/code/entra?code="));
    }

    @Test
    void anExpiringAccessTokenIsRenewedWithTheRefreshTokenWithoutANewSignIn() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        int signInSteps = web.trail().size();

        // the shared stack's tokens live 30 s, inside the client's 60 s clock skew: each use renews them
        assertThat(web.get("/users/" + tapdesk.demo.DemoPeople.ADELE.id()).statusCode()).isEqualTo(200);
        assertThat(web.get("/users/" + tapdesk.demo.DemoPeople.MEGAN.id()).statusCode()).isEqualTo(200);

        assertThat(STACK.graph().state().distinctTokens()).isGreaterThanOrEqualTo(2);
        assertThat(web.trail().subList(signInSteps, web.trail().size()))
                .noneSatisfy(step -> assertThat(step).contains(STACK.issuer()));
    }

    @Test
    void anOperatorWithoutRoleIsToldWhichRoleToAskFor() {
        WebSession web = session();
        var page = web.signIn(DemoOperators.NOROLE);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"no-role\"").contains("TapDesk.Helpdesk").contains("TapDesk.Admin")
                .doesNotContain("name=\"q\"");
        assertThat(web.get("/users/" + tapdesk.demo.DemoPeople.ADELE.id()).statusCode()).isEqualTo(403);
    }

    @Test
    void auditorGetsAStartPageSayingWhatTheRoleIsFor() {
        var page = session().signIn(DemoOperators.AUDITOR);

        assertThat(page.body()).contains("id=\"role-auditor\"").contains("audit trail").doesNotContain("id=\"no-role\"")
                .doesNotContain("name=\"q\"");
    }

    @Test
    void approverWhoIsAlsoHelpdeskSearches() {
        var page = session().signIn(DemoOperators.APPROVER);

        assertThat(page.body()).contains("name=\"q\"");
    }

    @Test
    void signOutIsAPostThatAlsoEndsTheIdentityProviderSession() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        // calling Graph renews the tokens (30 s lifetime here); sign-out must send the renewed ID token as its hint
        var page = web.get("/users/" + tapdesk.demo.DemoPeople.ADELE.id());
        assertThat(page.statusCode()).isEqualTo(200);

        var loggedOut = web.postFrom(page, "/logout", Map.of());
        assertThat(loggedOut.statusCode()).isEqualTo(302);
        String location = loggedOut.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(STACK.issuer() + "/connect/logout").contains("id_token_hint=");
        var signedOut = web.follow(loggedOut);
        assertThat(signedOut.uri().getPath()).isEqualTo("/signed-out");
        assertThat(signedOut.body()).contains("id=\"signed-out-heading\"");

        // both sessions are gone: the app sends us to the provider, and the provider asks for the password again
        var again = web.get("/");
        assertThat(again.uri().toString()).startsWith(STACK.issuer() + "/login");
    }

    @Test
    void aGetToLogoutDoesNotSignOut() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);

        web.get("/logout");
        assertThat(web.get("/").body()).contains("name=\"q\"");
    }

    private static Map<String, String> query(String url) {
        var result = new java.util.HashMap<String, String>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            result.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return result;
    }
}
