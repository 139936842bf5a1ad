package io.tapdesk.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.idp.DemoIdentityProvider;
import tapdesk.demo.verifiedid.DemoWallet;

/**
 * "Get verified" (issue 18) end to end: the agent starts it on the card and reads the code; the caller types it on the
 * public page (a second client, signed in nowhere) and gets the link; the demo wallet posts the Request Service's
 * callbacks to TapDesk, honest and forged.
 */
class VerifiedIdTest extends StackTest {

    private static final Pattern CODE = Pattern.compile("id=\"vid-code-value\">([0-9]{4} [0-9]{4})<");

    @Autowired
    JdbcClient sql;

    private long before;

    @BeforeEach
    void auditBaseline() {
        before = sql.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
        // sessions an earlier test left open would answer this test's poll
        sql.sql("update verified_id_session set state = 'expired' where state in ('started', 'requested', 'retrieved')").update();
    }

    @AfterEach
    void grantTheRoleAgain() {
        DemoIdentityProvider.VERIFIED_ID_ROLES.add("VerifiableCredential.Create.PresentRequest");
    }

    /** The agent, signed in, starts "Get verified" on the card; the card after the redirect, with the code. */
    private HttpResponse<String> start(WebSession agent, String personId) {
        var card = agent.get("/users/" + personId);
        assertThat(card.statusCode()).isEqualTo(200);
        assertThat(card.body()).contains("id=\"vid-form\"");
        var started = agent.postFrom(card, "/users/" + personId + "/verified-id", Map.of());
        assertThat(started.statusCode()).as("post/redirect/get back to the card").isEqualTo(302);
        return agent.follow(started);
    }

    /**
     * Walk of #18 (FOUND, medium): the server started "Get verified" for an external guest whose card offers nothing
     * (a guest's UPN ends in the tenant's domain too). Now it is refused (409), audited, and no session is made.
     */
    @org.junit.jupiter.api.Test
    void noSessionIsStartedForAGuestTheCardDoesNotOfferItFor() {
        WebSession agent = session();
        agent.signIn(DemoOperators.ADMIN);
        var card = agent.get("/users/" + DemoPeople.PRADEEP.id());
        assertThat(card.body()).doesNotContain("id=\"vid-form\"");
        long before = sql.sql("select count(*) from verified_id_session").query(Long.class).single();
        var refused = agent.postFrom(card, "/users/" + DemoPeople.PRADEEP.id() + "/verified-id", Map.of());
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(sql.sql("select count(*) from verified_id_session").query(Long.class).single()).isEqualTo(before);
    }

    private static String code(HttpResponse<String> card) {
        Matcher m = CODE.matcher(card.body());
        assertThat(m.find()).as("the card shows the code to read aloud").isTrue();
        return m.group(1);
    }

    /** The caller, in a browser of their own, types the code: the page with the link; the wallet for that request. */
    private DemoWallet callerTypes(String code) {
        WebSession caller = session();
        var form = caller.get("/public/verified-id");
        assertThat(form.statusCode()).isEqualTo(200);
        var shown = caller.postRaw("/public/verified-id", Map.of("code", code));
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("id=\"vid-link\"").contains("href=\"openid-vc://?request_uri=");
        return new DemoWallet(STACK.verifiedId().latest().orElseThrow());
    }

    private DemoWallet startAndType(WebSession agent, String personId) {
        return callerTypes(code(start(agent, personId)));
    }

    private String state(String personId) {
        return sql.sql("select state || coalesce(':' || failure, '') from verified_id_session where lower(person_id) = lower(?) "
                + "order by created_at desc limit 1").param(personId).query(String.class).single();
    }

    private long highChecks(String personId) {
        return sql.sql("select count(*) from caller_check where lower(person_id) = lower(?) and tier = 'high' and consumed_at is null")
                .param(personId).query(Long.class).single();
    }

    private long auditRows(String kind, String outcome, String personId) {
        return sql.sql("select count(*) from audit_event where id > ? and kind = ? and outcome = ? and lower(target_id) = lower(?)")
                .params(before, kind, outcome, personId).query(Long.class).single();
    }

    @Test
    void theCallerPresentsTheirVerifiedIdAndTheCardRecordsTheHighTier() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        String adele = DemoPeople.ADELE.id();
        var card = start(agent, adele);
        String code = code(card);
        assertThat(WebSession.text(card, "vid-state")).contains("waiting for the caller");
        assertThat(card.body()).contains("data-poll=\"/users/" + adele + "/verified-id/state\"");
        assertThat(agent.getJson("/users/" + adele + "/verified-id/state").body()).isEqualTo("{\"state\":\"started\"}");
        // the code is kept only as its hash
        assertThat(sql.sql("select count(*) from verified_id_session where code_hash = ? or code_hash = ?")
                .params(code, code.replace(" ", "")).query(Long.class).single()).isZero();
        assertThat(auditRows("verified-id", "asked", adele)).isEqualTo(1);

        DemoWallet wallet = callerTypes(code);
        var request = STACK.verifiedId().latest().orElseThrow();
        assertThat(request.threshold()).isEqualTo(70);
        assertThat(sql.sql("select count(*) from verified_id_session where api_key_hash = ?").param(request.apiKey())
                .query(Long.class).single()).as("the api-key is kept only as its hash").isZero();
        assertThat(agent.getJson("/users/" + adele + "/verified-id/state").body()).isEqualTo("{\"state\":\"requested\"}");

        assertThat(wallet.retrieved()).isEqualTo(200);
        assertThat(state(adele)).isEqualTo("retrieved");
        assertThat(wallet.verified(DemoPeople.ADELE.userPrincipalName(), 87.3)).isEqualTo(200);
        assertThat(state(adele)).isEqualTo("verified");

        var check = sql.sql("select operator_oid, method, tier, evidence from caller_check where lower(person_id) = lower(?) "
                + "order by created_at desc limit 1").param(adele).query().singleRow();
        assertThat(check.get("operator_oid")).isEqualTo(DemoOperators.HELPDESK.objectId());
        assertThat(check.get("method")).isEqualTo("verified-id");
        assertThat(check.get("tier")).isEqualTo("high");
        assertThat(check.get("evidence")).isEqualTo("Verified ID, face check 87.3");
        assertThat(auditRows("verify", "recorded", adele)).isEqualTo(1);
        // never the photo, anywhere
        assertThat(sql.sql("select count(*) from audit_event where id > ? and (detail like '%AAAAPHOTO%' or verification_note like '%AAAAPHOTO%')")
                .param(before).query(Long.class).single()).isZero();

        assertThat(agent.getJson("/users/" + adele + "/verified-id/state").body()).isEqualTo("{\"state\":\"verified\"}");
        var after = agent.get("/users/" + adele);
        assertThat(WebSession.text(after, "vid-state")).contains("face check 87.3");
        assertThat(org.unbescape.html.HtmlEscape.unescapeHtml(after.body()))
                .containsPattern("(?s)<ul id=\"caller-checks\">\\s*<li data-tier=\"high\"[^<]*face check 87.3");
        // the check allows a pass
        var shown = agent.issueFromCard(adele, Map.of("ticket", "INC-1818", "lifetimeMinutes", "60", "oneTime", "true",
                "reason", "verified with Verified ID"));
        assertThat(shown.body()).contains("id=\"tap-value\"");
    }

    @Test
    void aCredentialOfAnotherPersonIsRefused() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        DemoWallet wallet = startAndType(agent, DemoPeople.ADELE.id());
        assertThat(wallet.retrieved()).isEqualTo(200);
        // Megan's own, real credential and face: not Adele
        assertThat(wallet.verified(DemoPeople.MEGAN.userPrincipalName(), 95.0)).isEqualTo(200);
        assertThat(state(DemoPeople.ADELE.id())).isEqualTo("failed:another-person");
        assertThat(highChecks(DemoPeople.ADELE.id())).isZero();
        assertThat(highChecks(DemoPeople.MEGAN.id())).isZero();
        assertThat(auditRows("verified-id", "not-verified", DemoPeople.ADELE.id())).isEqualTo(1);
        var card = agent.get("/users/" + DemoPeople.ADELE.id());
        assertThat(WebSession.text(card, "vid-state")).contains("belongs to someone else");
        // a red flag, not a failed attempt (walk of #18): said as a warning, with what to do
        assertThat(WebSession.text(card, "vid-another-person")).contains("Do not issue a pass on this call");
    }

    @Test
    void aCredentialOfAnotherIssuerIsRefused() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        DemoWallet wallet = startAndType(agent, DemoPeople.ADELE.id());
        wallet.retrieved();
        assertThat(wallet.verified(DemoPeople.ADELE.userPrincipalName(), 95.0, "did:web:verifiedid.fabrikam.test")).isEqualTo(200);
        assertThat(state(DemoPeople.ADELE.id())).isEqualTo("failed:another-issuer");
        assertThat(highChecks(DemoPeople.ADELE.id())).isZero();
    }

    @Test
    void aFaceCheckBelowTheThresholdFails() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        // the service fails the whole presentation
        DemoWallet first = startAndType(agent, DemoPeople.ADELE.id());
        first.retrieved();
        assertThat(first.error("faceCheckFailed")).isEqualTo(200);
        assertThat(state(DemoPeople.ADELE.id())).isEqualTo("failed:presentation-error");
        // and should a verified presentation ever carry a score below TapDesk's threshold, TapDesk fails it too
        DemoWallet second = startAndType(agent, DemoPeople.ADELE.id());
        second.retrieved();
        assertThat(second.verified(DemoPeople.ADELE.userPrincipalName(), 69.9)).isEqualTo(200);
        assertThat(state(DemoPeople.ADELE.id())).isEqualTo("failed:face-check-below-threshold");
        assertThat(highChecks(DemoPeople.ADELE.id())).isZero();
        assertThat(auditRows("verified-id", "not-verified", DemoPeople.ADELE.id())).isEqualTo(2);
        assertThat(agent.getJson("/users/" + DemoPeople.ADELE.id() + "/verified-id/state").body()).isEqualTo("{\"state\":\"failed\"}");
    }

    @Test
    void aForgedCallbackIsRefused() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        DemoWallet wallet = startAndType(agent, DemoPeople.ADELE.id());
        assertThat(wallet.retrieved()).isEqualTo(200);
        String upn = DemoPeople.ADELE.userPrincipalName();
        assertThat(wallet.forged("x".repeat(43), upn, 99.0)).isEqualTo(401);
        assertThat(wallet.forged(null, upn, 99.0)).as("no api-key").isEqualTo(401);
        assertThat(wallet.post(null, "not json")).isEqualTo(400);
        assertThat(wallet.post(null, "x".repeat(PublicVerifiedIdController.MAX_BODY))).as("over 1 MiB").isEqualTo(413);
        assertThat(state(DemoPeople.ADELE.id())).isEqualTo("retrieved");
        assertThat(highChecks(DemoPeople.ADELE.id())).isZero();
        assertThat(auditRows("verified-id", "refused", DemoPeople.ADELE.id())).isEqualTo(2);
        // the honest callback still goes through
        assertThat(wallet.verified(upn, 90.0)).isEqualTo(200);
        assertThat(highChecks(DemoPeople.ADELE.id())).isEqualTo(1);
    }

    @Test
    void replayedAndOutOfOrderCallbacksAreRefused() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        DemoWallet wallet = startAndType(agent, DemoPeople.ADELE.id());
        String upn = DemoPeople.ADELE.userPrincipalName();
        assertThat(wallet.verified(upn, 90.0)).as("verified before retrieved").isEqualTo(409);
        assertThat(state(DemoPeople.ADELE.id())).isEqualTo("requested");
        assertThat(wallet.retrieved()).isEqualTo(200);
        assertThat(wallet.retrieved()).as("retrieved replayed").isEqualTo(409);
        assertThat(wallet.verified(upn, 90.0)).isEqualTo(200);
        assertThat(wallet.verified(upn, 90.0)).as("verified replayed").isEqualTo(409);
        assertThat(wallet.error("late")).as("an error after the verdict").isEqualTo(409);
        assertThat(state(DemoPeople.ADELE.id())).isEqualTo("verified");
        assertThat(highChecks(DemoPeople.ADELE.id())).as("one check, once").isEqualTo(1);
        assertThat(auditRows("verified-id", "refused", DemoPeople.ADELE.id())).isEqualTo(4);
    }

    @Test
    void aCallbackAfterTapDesksOwnExpiryIsRefused() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        DemoWallet wallet = startAndType(agent, DemoPeople.ADELE.id());
        assertThat(wallet.retrieved()).isEqualTo(200);
        // TapDesk's expiry passed (moved back in the database: no waiting, no clock); the service sends no expiry callback
        sql.sql("update verified_id_session set created_at = created_at - interval '1 hour', expires_at = created_at - interval '50 minutes' "
                + "where lower(person_id) = lower(?) and state = 'retrieved'").param(DemoPeople.ADELE.id()).update();
        assertThat(agent.getJson("/users/" + DemoPeople.ADELE.id() + "/verified-id/state").body()).isEqualTo("{\"state\":\"expired\"}");
        assertThat(wallet.verified(DemoPeople.ADELE.userPrincipalName(), 90.0)).isEqualTo(410);
        assertThat(state(DemoPeople.ADELE.id())).isEqualTo("expired");
        assertThat(highChecks(DemoPeople.ADELE.id())).isZero();
        assertThat(auditRows("verified-id", "expired", DemoPeople.ADELE.id())).isEqualTo(1);
    }

    @Test
    void aCodeOpensOnceAndNotAfterItsExpiry() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        String code = code(start(agent, DemoPeople.ADELE.id()));
        callerTypes(code);
        assertThat(session().postRaw("/public/verified-id", Map.of("code", code)).statusCode()).as("used").isEqualTo(404);

        String late = code(start(agent, DemoPeople.ADELE.id()));
        sql.sql("update verified_id_session set created_at = created_at - interval '1 hour', expires_at = created_at - interval '50 minutes' "
                + "where lower(person_id) = lower(?) and state = 'started'").param(DemoPeople.ADELE.id()).update();
        var expired = session().postRaw("/public/verified-id", Map.of("code", late));
        assertThat(expired.statusCode()).isEqualTo(404);
        assertThat(WebSession.allText(expired, "vid-public-problem")).contains("wrong, used or expired");
        assertThat(session().postRaw("/public/verified-id", Map.of("code", "12ab")).statusCode()).as("not a code").isEqualTo(400);
    }

    @Test
    void theCodePageIsRateLimitedAndMakesNoSession() {
        long sessions = sql.sql("select count(*) from spring_session").query(Long.class).single();
        WebSession caller = session();
        for (int i = 0; i < 10; i++) {
            var wrong = caller.postRaw("/public/verified-id", Map.of("code", String.format("%08d", i)));
            assertThat(wrong.statusCode()).isEqualTo(404);
            assertThat(wrong.headers().allValues("Set-Cookie")).as("no cookie at all").isEmpty();
        }
        var limited = caller.postRaw("/public/verified-id", Map.of("code", "00000042"));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(WebSession.allText(limited, "vid-public-problem")).contains("Too many tries");
        var page = caller.get("/public/verified-id");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("_csrf");
        assertThat(page.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(sql.sql("select count(*) from spring_session").query(Long.class).single()).as("no session row").isEqualTo(sessions);
    }

    @Test
    void anOperatorsSessionIsNeitherReadNorExtendedByThePublicPages() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        String id = agent.cookie("SESSION");
        assertThat(id).isNotNull();
        long lastAccess = sql.sql("select last_access_time from spring_session where session_id = ?").param(
                new String(java.util.Base64.getDecoder().decode(id), java.nio.charset.StandardCharsets.UTF_8)).query(Long.class).single();
        var page = agent.get("/public/verified-id");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).as("no operator shown on the public page").doesNotContain("Hana Helpdesk");
        assertThat(sql.sql("select last_access_time from spring_session where session_id = ?").param(
                new String(java.util.Base64.getDecoder().decode(id), java.nio.charset.StandardCharsets.UTF_8)).query(Long.class).single())
                .isEqualTo(lastAccess);
    }

    @Test
    void theHighTierSatisfiesTheRuleForPrivilegedPeople() {
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        String patti = DemoPeople.PATTI.id();
        var before = admin.get("/users/" + patti);
        assertThat(WebSession.text(before, "card-verdict")).contains("First the manager must confirm who is calling");
        DemoWallet wallet = startAndType(admin, patti);
        wallet.retrieved();
        assertThat(wallet.verified(DemoPeople.PATTI.userPrincipalName(), 88.0)).isEqualTo(200);
        var after = admin.get("/users/" + patti);
        assertThat(WebSession.text(after, "card-verdict")).doesNotContain("First the manager must confirm")
                .doesNotContain("First check who is calling");
        assertThat(after.body()).contains("id=\"caller-needed\" class=\"hint\"");
    }

    @Test
    void theRequestServiceRefusesATokenWithoutThePermission() {
        DemoIdentityProvider.VERIFIED_ID_ROLES.clear();
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        int made = STACK.verifiedId().count();
        String code = code(start(agent, DemoPeople.ADELE.id()));
        var page = session().postRaw("/public/verified-id", Map.of("code", code));
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(WebSession.allText(page, "vid-public-problem")).contains("not available");
        assertThat(STACK.verifiedId().count()).as("the stand-in made no request").isEqualTo(made);
        assertThat(state(DemoPeople.ADELE.id())).isEqualTo("failed:service-unavailable");
    }

    @Test
    void theCodePageAndTheCardSpeakDutch() {
        WebSession caller = session().withHeader("Accept-Language", "nl");
        var page = caller.get("/public/verified-id");
        assertThat(page.body()).contains("Laat zien wie je bent").contains("Code van de medewerker");
        assertThat(page.body()).contains("lang=\"nl\"");
        WebSession agent = session().withHeader("Accept-Language", "nl");
        agent.signIn(DemoOperators.HELPDESK);
        var card = agent.get("/users/" + DemoPeople.ADELE.id());
        assertThat(WebSession.text(card, "verified-id-heading")).isEqualTo("Laat je verifiëren");
    }

    @Test
    void theDemoWalletWorksByHandThroughTheStandIn() throws Exception {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        startAndType(agent, DemoPeople.ADELE.id());
        var http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, String> wallet = which -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(STACK.verifiedId().baseUrl() + "/demo-wallet/" + which))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(wallet.apply("forged")).isEqualTo("{\"tapdeskAnswered\":401}");
        assertThat(wallet.apply("retrieved")).isEqualTo("{\"tapdeskAnswered\":200}");
        assertThat(wallet.apply("verified?upn=" + DemoPeople.ADELE.userPrincipalName() + "&score=91.5")).isEqualTo("{\"tapdeskAnswered\":200}");
        assertThat(state(DemoPeople.ADELE.id())).isEqualTo("verified");
        assertThat(highChecks(DemoPeople.ADELE.id())).isEqualTo(1);
    }

    @Test
    void theCardsPollDoesNotKeepTheSignInAliveAndIsTheOperatorsOwn() throws InterruptedException {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        start(agent, DemoPeople.ADELE.id());
        String id = new String(java.util.Base64.getDecoder().decode(agent.cookie("SESSION")), java.nio.charset.StandardCharsets.UTF_8);
        long lastUse = lastAccess(id);
        Thread.sleep(5);
        for (int i = 0; i < 3; i++) {
            assertThat(agent.getJson("/users/" + DemoPeople.ADELE.id() + "/verified-id/state").body()).isEqualTo("{\"state\":\"started\"}");
        }
        assertThat(lastAccess(id)).as("the poll is no use of the session").isEqualTo(lastUse);
        // another operator's poll about the same person sees none of it
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        assertThat(admin.getJson("/users/" + DemoPeople.ADELE.id() + "/verified-id/state").body()).isEqualTo("{\"state\":\"none\"}");
        assertThat(session().getJson("/users/" + DemoPeople.ADELE.id() + "/verified-id/state").statusCode()).as("signed out").isEqualTo(401);
    }

    private long lastAccess(String sessionId) {
        return sql.sql("select last_access_time from spring_session where session_id = ?").param(sessionId).query(Long.class).single();
    }
}
