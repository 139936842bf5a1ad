package io.tapdesk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.directory.MethodsAndPass;
import io.tapdesk.directory.PassStatus;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.support.TestHours;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tapdesk.demo.DemoClock;
import tapdesk.demo.DemoStack;

/**
 * Every route, for every role (and anonymous), with the real security configuration. Graph is mocked: this is about
 * who may do what, not about what Graph answers. Adding a route without adding it here fails {@link #everyRouteIsInTheMatrix}.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(DemoClock.class)
class RouteAccessMatrixTest {

    static final String ID = "5e1f0c2a-7d3b-4c8e-9a61-000000000001";
    static final String LOGIN = "LOGIN";
    /** Sent to the confirmation app's own sign-in (the second registration): no operator sign-in counts there. */
    static final String CONFIRM_LOGIN = "CONFIRM_LOGIN";
    /** A link token of the manager's confirmation (43 characters of base64url); no such question exists. */
    static final String TOKEN = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    enum Role {
        ANONYMOUS(), NO_ROLE(), HELPDESK(Roles.HELPDESK), ADMIN(Roles.ADMIN), APPROVER(Roles.APPROVER), AUDITOR(Roles.AUDITOR),
        ONBOARDING(Roles.ONBOARDING);

        final String[] appRoles;

        Role(String... appRoles) {
            this.appRoles = appRoles;
        }
    }

    /**
     * Expected status per role, in the order of {@link Role}: anonymous, no role, helpdesk, admin, approver, auditor,
     * onboarding. A row of six: onboarding expects what no role gets (TapDesk.Onboarding opens only its own routes).
     */
    record Route(HttpMethod method, String path, Object... expected) {
        Object expectedFor(Role role) {
            return role == Role.ONBOARDING && expected.length == 6 ? expected[Role.NO_ROLE.ordinal()] : expected[role.ordinal()];
        }
    }

    static final List<Route> MATRIX = List.of(
            new Route(HttpMethod.GET, "/", LOGIN, 200, 200, 200, 200, 200),
            new Route(HttpMethod.GET, "/users/" + ID, LOGIN, 403, 200, 200, 403, 403),
            // allowed roles reach the controller, which finds the (missing) single-use token spent: 409
            new Route(HttpMethod.POST, "/users/" + ID + "/passes", LOGIN, 403, 409, 409, 403, 403),
            // allowed roles reach the controller: a check without a method is the card again, with the reason (400)
            new Route(HttpMethod.POST, "/users/" + ID + "/caller-checks", LOGIN, 403, 400, 400, 403, 403),
            new Route(HttpMethod.GET, "/users/" + ID + "/passes/revoke", LOGIN, 403, 403, 200, 403, 403),
            new Route(HttpMethod.POST, "/users/" + ID + "/passes/revoke", LOGIN, 403, 403, 302, 403, 403),
            // lifting a fence after an incident (issue 17): Admin only; the person has none, so the card says so (409)
            new Route(HttpMethod.POST, "/users/" + ID + "/fence/lift", LOGIN, 403, 403, 409, 403, 403),
            new Route(HttpMethod.GET, "/preferences", LOGIN, 200, 200, 200, 200, 200),
            new Route(HttpMethod.POST, "/preferences/time-zone", LOGIN, 302, 302, 302, 302, 302),
            new Route(HttpMethod.POST, "/preferences/language", LOGIN, 302, 302, 302, 302, 302),
            new Route(HttpMethod.POST, "/logout", 302, 302, 302, 302, 302, 302),
            new Route(HttpMethod.GET, "/signed-out", 200, 200, 200, 200, 200, 200),
            // "your sign-in ended, nothing was done" (forwarded to from a POST whose session ended) and the page about
            // a sign-in whose age cannot be trusted (forwarded to from the card and the decision pages)
            new Route(HttpMethod.GET, "/sign-in-ended", 200, 200, 200, 200, 200, 200),
            new Route(HttpMethod.POST, "/sign-in-ended", 200, 200, 200, 200, 200, 200),
            new Route(HttpMethod.GET, "/sign-in-problem", LOGIN, 200, 200, 200, 200, 200),
            new Route(HttpMethod.POST, "/sign-in-problem", LOGIN, 200, 200, 200, 200, 200),
            new Route(HttpMethod.GET, "/css/tapdesk.css", 200, 200, 200, 200, 200, 200),
            new Route(HttpMethod.GET, "/js/tapdesk.js", 200, 200, 200, 200, 200, 200),
            // actuator lives on the management port only (its own chain); the app's chain refuses these paths
            new Route(HttpMethod.GET, "/actuator", 403, 403, 403, 403, 403, 403),
            new Route(HttpMethod.GET, "/actuator/health", 403, 403, 403, 403, 403, 403),
            new Route(HttpMethod.GET, "/actuator/prometheus", 403, 403, 403, 403, 403, 403),
            new Route(HttpMethod.GET, "/actuator/env", 403, 403, 403, 403, 403, 403),
            new Route(HttpMethod.GET, "/nowhere", LOGIN, 404, 404, 404, 404, 404),
            new Route(HttpMethod.GET, "/audit", LOGIN, 403, 200, 200, 403, 200),
            // the GET shows what will be exported; the POST (with CSRF) exports
            new Route(HttpMethod.GET, "/audit/export", LOGIN, 403, 403, 200, 403, 200),
            new Route(HttpMethod.POST, "/audit/export", LOGIN, 403, 403, 200, 403, 200),
            new Route(HttpMethod.GET, "/audit/verify", LOGIN, 403, 403, 200, 403, 200),
            new Route(HttpMethod.GET, "/approvals", LOGIN, 403, 403, 403, 200, 403),
            // allowed roles reach the controller: request #999 does not exist
            new Route(HttpMethod.GET, "/approvals/999", LOGIN, 403, 403, 403, 404, 403),
            new Route(HttpMethod.POST, "/approvals/999/approve", LOGIN, 403, 403, 403, 404, 403),
            new Route(HttpMethod.POST, "/approvals/999/reject", LOGIN, 403, 403, 403, 404, 403),
            // the outbox (Admin only); here no sender is configured, the page says so; #999 is no dead letter
            new Route(HttpMethod.GET, "/admin/outbox", LOGIN, 403, 403, 200, 403, 403),
            new Route(HttpMethod.POST, "/admin/outbox/999/send-again", LOGIN, 403, 403, 404, 403, 403),
            // new hires (issue 19): Admin and Onboarding; an invalid batch (nobody ticked) is 400, #999 is no batch;
            // an Approver sees a batch and approves it (here: none)
            new Route(HttpMethod.GET, "/onboarding", LOGIN, 403, 403, 200, 403, 403, 200),
            new Route(HttpMethod.POST, "/onboarding/batches", LOGIN, 403, 403, 400, 403, 403, 400),
            new Route(HttpMethod.GET, "/onboarding/batches/999", LOGIN, 403, 403, 404, 404, 403, 404),
            new Route(HttpMethod.POST, "/onboarding/batches/999/approve", LOGIN, 403, 403, 403, 404, 403, 403),
            new Route(HttpMethod.POST, "/onboarding/batches/999/reject", LOGIN, 403, 403, 403, 404, 403, 403),
            new Route(HttpMethod.GET, "/requests", LOGIN, 403, 200, 200, 403, 403),
            new Route(HttpMethod.GET, "/requests/999", LOGIN, 403, 404, 404, 403, 403),
            new Route(HttpMethod.POST, "/requests/999/issue", LOGIN, 403, 404, 404, 403, 403),
            new Route(HttpMethod.POST, "/requests/999/withdraw", LOGIN, 403, 404, 404, 403, 403),
            // answered ahead of Spring Security, from the Spring Session named by the cookie (approvals/RequestStatePoll):
            // MockMvc's test sign-in is no such session, so every cell here is "signed out"; FourEyesTest's
            // pollingAnswersEveryRoleAsTheRequestPagesDo checks each role over real HTTP
            new Route(HttpMethod.GET, "/requests/999/state", 401, 401, 401, 401, 401, 401),
            // "ask the manager" from the card; allowed roles reach the use case: the mocked Graph gives no manager (409)
            new Route(HttpMethod.POST, "/users/" + ID + "/ask-manager", LOGIN, 403, 409, 409, 403, 403),
            // the card's poll of the answer: answered ahead of Spring Security, like /requests/999/state
            new Route(HttpMethod.GET, "/users/" + ID + "/ask-manager/state", 401, 401, 401, 401, 401, 401),
            // the confirmation app (security.ConfirmSecurity), public in the sense that no operator session reaches it:
            // every operator is sent to its own sign-in, and a POST without that sign-in is refused
            new Route(HttpMethod.GET, "/confirm", CONFIRM_LOGIN, CONFIRM_LOGIN, CONFIRM_LOGIN, CONFIRM_LOGIN, CONFIRM_LOGIN, CONFIRM_LOGIN),
            new Route(HttpMethod.GET, "/confirm/" + TOKEN, CONFIRM_LOGIN, CONFIRM_LOGIN, CONFIRM_LOGIN, CONFIRM_LOGIN, CONFIRM_LOGIN, CONFIRM_LOGIN),
            new Route(HttpMethod.POST, "/confirm/" + TOKEN, CONFIRM_LOGIN, 403, 403, 403, 403, 403),
            // a hand-over's pickup (issue 19), in the confirmation app's chain like the question's page
            new Route(HttpMethod.GET, "/confirm/pickup/" + TOKEN, CONFIRM_LOGIN, CONFIRM_LOGIN, CONFIRM_LOGIN, CONFIRM_LOGIN, CONFIRM_LOGIN, CONFIRM_LOGIN),
            new Route(HttpMethod.POST, "/confirm/pickup/" + TOKEN, CONFIRM_LOGIN, 403, 403, 403, 403, 403),
            new Route(HttpMethod.POST, "/confirm/pickup/" + TOKEN + "/not-right", CONFIRM_LOGIN, 403, 403, 403, 403, 403),
            // the confirmation app's "Sign out" (POST with CSRF; ends only the confirmation sign-in) and its page
            new Route(HttpMethod.POST, "/confirm/sign-out", 302, 302, 302, 302, 302, 302),
            new Route(HttpMethod.GET, "/confirm/signed-out", 200, 200, 200, 200, 200, 200),
            // "Revoke link" of a hand-over from the card (Helpdesk, Admin); allowed roles reach the use case: #999 is none
            new Route(HttpMethod.POST, "/users/" + ID + "/handovers/999/revoke", LOGIN, 403, 404, 404, 403, 403),
            // its sign-in's start (to the identity provider) and callback (without a sign-in under way: "did not complete")
            new Route(HttpMethod.GET, "/oauth2/authorization/confirm", 302, 302, 302, 302, 302, 302),
            new Route(HttpMethod.GET, "/login/oauth2/code/confirm", 302, 302, 302, 302, 302, 302),
            // "Get verified" from the card (issue 18); allowed roles reach the use case: no app-only credential here,
            // so it is not offered (409)
            new Route(HttpMethod.POST, "/users/" + ID + "/verified-id", LOGIN, 403, 409, 409, 403, 403),
            // the card's poll of the result: answered ahead of Spring Security, like /users/{id}/ask-manager/state
            new Route(HttpMethod.GET, "/users/" + ID + "/verified-id/state", 401, 401, 401, 401, 401, 401),
            // PUBLIC ON PURPOSE: everything internet-facing is under /public (security.PublicSecurity: no session, no
            // sign-in, no session-backed CSRF token, rate-limited). The caller's code page: the form for everyone;
            // posted without a code it says so (400)
            new Route(HttpMethod.GET, "/public/verified-id", 200, 200, 200, 200, 200, 200),
            new Route(HttpMethod.POST, "/public/verified-id", 400, 400, 400, 400, 400, 400),
            // the Request Service's callback: a body that is no callback is refused (400); the api-key decides the rest
            new Route(HttpMethod.POST, "/public/verified-id/callback", 400, 400, 400, 400, 400, 400));

    /** The routes anyone on the internet may reach: one prefix a proxy exposes (README "Get verified"). */
    static final String PUBLIC_PREFIX = "/public/";

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        DemoStack.shared().appProperties().forEach((key, value) -> registry.add(key, () -> value));
        TestHours.aroundTheClock(registry);
        // Graph is mocked (no app-only credential behind it): the start-up rule that demands one for PIM reads is
        // CardReaderTest's; here eligibility checks are off
        registry.add("tapdesk.guardrails.eligibility-checks", () -> "false");
        // every cell posts the caller's code page: its per-address limit would answer 429 before the matrix is done
        registry.add("tapdesk.verified-id.code-attempts-per-minute", () -> "1000");
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    GraphGateway graph;

    @MockitoBean
    OperatorTokens tokens;

    @BeforeEach
    void graph() {
        when(tokens.current()).thenReturn(new GraphToken("token"));
        when(graph.user(any(), anyString())).thenReturn(DirectoryUser.basic(ID, "Adele Vance", "adele@contoso.test",
                "adele@contoso.test", true, "Member"));
        when(graph.currentPass(any(), anyString())).thenReturn(PassStatus.none());
        when(graph.methods(any(), anyString())).thenReturn(new MethodsAndPass(List.of(), PassStatus.none()));
        when(graph.searchUsers(any(), anyString())).thenReturn(List.of());
        when(graph.findPeople(any(), anyString())).thenReturn(new io.tapdesk.directory.PeopleFound(List.of(), false));
        when(graph.revokePass(any(), anyString(), anyString())).thenReturn(true);
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (Route route : MATRIX) {
            for (Role role : Role.values()) {
                cells.add(Arguments.of(route.method(), route.path(), role, route.expectedFor(role)));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} {1} as {2} -> {3}")
    @MethodSource("cells")
    void roleMayOrMayNot(HttpMethod method, String path, Role role, Object expected) throws Exception {
        MockHttpServletRequestBuilder request = request(method, path).accept("text/html");
        if (method == HttpMethod.POST) {
            request.with(csrf()).param("passId", "p1").param("ticket", "INC-1").param("reason", "matrix").param("zone", "UTC").param("lifetimeMinutes", "60")
                    .param("reason", "checked by phone");
        }
        if (role != Role.ANONYMOUS) {
            request.with(oidcLogin()
                    .idToken(t -> t.claim("oid", "5e1f0c2a-7d3b-4c8e-9a61-000000000099").claim("name", role.name())
                            // a sign-in just made: its roles just read (RoleRecheck), recent enough to issue (FreshSignIn)
                            .issuedAt(java.time.Instant.now()).authTime(java.time.Instant.now()))
                    .authorities(Arrays.stream(role.appRoles).map(r -> (org.springframework.security.core.GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r)).toList()));
        }

        var response = mvc.perform(request).andReturn().getResponse();

        if (LOGIN.equals(expected)) {
            assertThat(response.getStatus()).isEqualTo(302);
            assertThat(response.getRedirectedUrl()).endsWith("/oauth2/authorization/entra");
        } else if (CONFIRM_LOGIN.equals(expected)) {
            assertThat(response.getStatus()).isEqualTo(302);
            assertThat(response.getRedirectedUrl()).endsWith("/oauth2/authorization/confirm");
        } else {
            assertThat(response.getStatus()).isEqualTo(expected);
            if (response.getStatus() == 302) {
                assertThat(response.getRedirectedUrl()).doesNotEndWith("/oauth2/authorization/entra");
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} as {2}: security headers")
    @MethodSource("cells")
    void everyPageCarriesTheSecurityHeaders(HttpMethod method, String path, Role role, Object expected) throws Exception {
        var response = mvc.perform(as(request(method, path).accept("text/html"), method, role)).andReturn().getResponse();

        assertThat(response.getHeader("Content-Security-Policy")).contains("default-src 'self'").contains("base-uri 'none'")
                .contains("object-src 'none'").contains("frame-ancestors 'none'");
        assertThat(response.getHeader("Permissions-Policy")).contains("camera=()").contains("microphone=()")
                .contains("geolocation=()").contains("payment=()").contains("usb=()");
        assertThat(response.getHeader("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @ParameterizedTest(name = "https {0}: language and time-zone cookies Secure; plain http in the demo: not (session cookie: SecureCookiesTest)")
    @ValueSource(booleans = {true, false})
    void everyCookieIsSecureWhenTheRequestIsHttps(boolean https) throws Exception {
        // TapDesk's own cookies
        var language = mvc.perform(signedIn(request(HttpMethod.POST, "/preferences/language").secure(https).with(csrf())
                .param("lang", "nl").param("returnTo", "/"), Role.HELPDESK)).andReturn().getResponse();
        var zone = mvc.perform(signedIn(request(HttpMethod.POST, "/preferences/time-zone").secure(https).with(csrf())
                .param("zone", "Europe/Amsterdam").param("returnTo", "/"), Role.HELPDESK)).andReturn().getResponse();
        List<jakarta.servlet.http.Cookie> cookies = new ArrayList<>(Arrays.asList(language.getCookies()));
        cookies.addAll(Arrays.asList(zone.getCookies()));
        assertThat(cookies).extracting(jakarta.servlet.http.Cookie::getName).contains("tapdesk_lang", "tapdesk_tz");
        // the tests run as the demo does (tapdesk.secure-cookies=false): Secure exactly when the request is https
        assertThat(cookies).allSatisfy(c -> assertThat(c.getSecure()).as(c.getName()).isEqualTo(https));
    }

    /** The request as {@code role}: its sign-in, and for a POST a CSRF token and the fields the routes read. */
    static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, HttpMethod method, Role role) {
        if (method == HttpMethod.POST) {
            request.with(csrf()).param("passId", "p1").param("ticket", "INC-1").param("reason", "matrix").param("zone", "UTC").param("lifetimeMinutes", "60")
                    .param("reason", "checked by phone");
        }
        return signedIn(request, role);
    }

    static MockHttpServletRequestBuilder signedIn(MockHttpServletRequestBuilder request, Role role) {
        if (role != Role.ANONYMOUS) {
            request.with(oidcLogin()
                    .idToken(t -> t.claim("oid", "5e1f0c2a-7d3b-4c8e-9a61-000000000099").claim("name", role.name())
                            // a sign-in just made: its roles just read (RoleRecheck), recent enough to issue (FreshSignIn)
                            .issuedAt(java.time.Instant.now()).authTime(java.time.Instant.now()))
                    .authorities(Arrays.stream(role.appRoles).map(r -> (org.springframework.security.core.GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r)).toList()));
        }
        return request;
    }

    @ParameterizedTest(name = "POST {0} without CSRF is refused")
    @MethodSource("posts")
    void postWithoutCsrfIsRefused(String path) throws Exception {
        var response = mvc.perform(request(HttpMethod.POST, path).accept("text/html")
                        .with(oidcLogin().authorities(new SimpleGrantedAuthority("ROLE_" + Roles.ADMIN))))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(403);
    }

    /** Without a sign-in, a POST's missing CSRF token means the session ended: that page, never "your role does not allow this". */
    @ParameterizedTest(name = "POST {0} after the sign-in ended: the sign-in ended page")
    @MethodSource("posts")
    void anonymousPostWithoutCsrfIsToldTheSignInEnded(String path) throws Exception {
        var response = mvc.perform(request(HttpMethod.POST, path).accept("text/html").param("lifetimeMinutes", "60"))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getForwardedUrl()).isEqualTo(SignInPagesController.ENDED_PATH);
    }

    static Stream<String> posts() {
        return MATRIX.stream().filter(r -> r.method() == HttpMethod.POST).map(Route::path)
                .filter(p -> !p.startsWith(PUBLIC_PREFIX) && !p.startsWith("/confirm/"));
    }

    /**
     * The manager's answer without a valid CSRF token (their sign-in ended while the page was open, or a forgery): not
     * taken, and back to the question's page, which signs in through the confirmation app — never the operators'
     * "sign-in ended" page, whose link leads into the operators' app (walk of #17).
     */
    @org.junit.jupiter.api.Test
    void theManagersAnswerWithoutCsrfGoesBackToTheQuestion() throws Exception {
        for (var authenticated : List.of(false, true)) {
            var post = request(HttpMethod.POST, "/confirm/" + TOKEN).accept("text/html").param("answer", "confirm");
            if (authenticated) {
                post = post.with(oidcLogin().authorities(new SimpleGrantedAuthority("ROLE_" + Roles.ADMIN)));
            }
            var response = mvc.perform(post).andReturn().getResponse();
            assertThat(response.getStatus()).as("signed in: " + authenticated).isEqualTo(302);
            assertThat(response.getRedirectedUrl()).as("signed in: " + authenticated).endsWith("/confirm/" + TOKEN);
        }
    }

    /** The public routes act on nobody's sign-in: no CSRF token is needed, and none is issued. */
    @ParameterizedTest(name = "POST {0} without CSRF reaches its controller")
    @MethodSource("publicPosts")
    void publicPostsNeedNoCsrf(String path) throws Exception {
        var response = mvc.perform(request(HttpMethod.POST, path).accept("text/html")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getHeader("Set-Cookie")).isNull();
    }

    static Stream<String> publicPosts() {
        return MATRIX.stream().filter(r -> r.method() == HttpMethod.POST).map(Route::path).filter(p -> p.startsWith(PUBLIC_PREFIX));
    }

    @Autowired
    org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping mappings;

    @Autowired
    java.time.Clock clock;

    @Test
    void runsOnTheTestsBusinessClock() {
        assertThat(clock).isSameAs(DemoClock.shared());
    }

    @Test
    void everyRouteIsInTheMatrix() {
        var routes = MATRIX.stream().map(r -> r.method() + " " + r.path().replace(ID, "{id}").replace("999", "{id}")
                .replace(TOKEN, "{token}").replace("/handovers/{id}/", "/handovers/{handOverId}/")).toList();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().forEach(pattern ->
                info.getMethodsCondition().getMethods().forEach(m ->
                        assertThat(routes).as("route access matrix").contains(m.name() + " " + pattern))));
    }
}
