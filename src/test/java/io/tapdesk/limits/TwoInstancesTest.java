package io.tapdesk.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import io.tapdesk.TapDeskApplication;
import io.tapdesk.security.Operator;
import io.tapdesk.verification.CallerCheck;
import io.tapdesk.verification.CallerChecks;
import io.tapdesk.verification.CallerTier;
import io.tapdesk.verification.CheckMethod;
import io.tapdesk.support.TestHours;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoAppOnlyCredential;
import tapdesk.demo.DemoClock;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.DemoStack;

/**
 * Two TapDesk instances on one PostgreSQL, as behind a load balancer with nothing sticky: a session started on one
 * continues on the other, a rate limit counts across both, and two operators issuing for one person at the same
 * moment make exactly one create reach Graph.
 */
class TwoInstancesTest {

    static final DemoStack STACK = DemoStack.shared();
    static final List<ConfigurableApplicationContext> INSTANCES = new ArrayList<>();
    static final DemoPeople.Person GRADY = DemoPeople.named("Grady Archie");
    static final DemoPeople.Person LEE = DemoPeople.named("Lee Gu");

    static String one;
    static String two;

    @BeforeAll
    static void twoInstances() {
        var sql = JdbcClient.create(STACK.database().getPostgresDatabase());
        one = start(STACK.instancePort(0));
        two = start(STACK.instancePort(1));
        // these people's allowances start fresh, with this test's limits
        sql.sql("delete from rate_limit_bucket where id in (?, ?)").params("person:" + GRADY.id(), "person:" + LEE.id()).update();
        STACK.graph().state().reset();
    }

    static String start(int port) {
        Map<String, String> properties = new java.util.LinkedHashMap<>(STACK.appProperties());
        properties.putAll(Map.of("server.port", Integer.toString(port), "management.server.port", "0",
                "tapdesk.limits.per-person-per-day", "2", "tapdesk.limits.per-operator-per-hour", "1000"));
        properties.putAll(TestHours.AROUND_THE_CLOCK);
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        INSTANCES.add(new SpringApplicationBuilder(TapDeskApplication.class, DemoAppOnlyCredential.class, DemoClock.class).run(args.toArray(String[]::new)));
        return "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        INSTANCES.forEach(ConfigurableApplicationContext::close);
    }

    static Map<String, String> form(HttpResponse<String> card) {
        Map<String, String> form = new HashMap<>(Map.of("issueToken", WebSession.field(card, "issueToken"), "lifetimeMinutes", "60",
                "oneTime", "true", "ticket", "INC-2222", WebSession.CHECKED, "low"));
        if (card.body().contains("name=\"replacePassId\"")) {
            form.put("replace", "true");
            form.put("replacePassId", WebSession.field(card, "replacePassId"));
        }
        return form;
    }

    static HttpResponse<String> issueOn(WebSession web, String instance, DemoPeople.Person person) {
        var card = web.get(instance + "/users/" + person.id());
        return web.postFrom(card, instance + "/users/" + person.id() + "/passes", form(card));
    }

    @Test
    void aSessionStartedOnOneInstanceContinuesOnTheOtherAndTheLimitCountsAcrossBoth() {
        WebSession web = new WebSession(STACK);
        web.signIn(DemoOperators.HELPDESK, one);

        var onTwo = web.get(two + "/users/" + GRADY.id());
        assertThat(onTwo.statusCode()).isEqualTo(200);
        assertThat(onTwo.body()).contains("Grady Archie").contains("Hana Helpdesk");

        assertThat(issueOn(web, one, GRADY).statusCode()).isEqualTo(200);
        assertThat(issueOn(web, two, GRADY).statusCode()).isEqualTo(200);
        var third = issueOn(web, one, GRADY);

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.body()).contains("most passes allowed per day").contains("The next one is allowed at");
        assertThat(STACK.graph().state().createAttempts(GRADY.id())).isEqualTo(2);
        var refusal = JdbcClient.create(STACK.database().getPostgresDatabase())
                .sql("select count(*) from audit_event where kind = 'refused' and target_id = ? and detail like 'rate-limit person%'")
                .param(GRADY.id()).query(Integer.class).single();
        assertThat(refusal).isEqualTo(1);
    }

    /**
     * The operators' tokens are in the shared, sealed store (security/EncryptedAuthorizedClients): an issue POST that
     * lands on an instance that never served the operator has their token at once, no round trip to the identity
     * provider that would lose the form, and the pass is made exactly once.
     */
    @Test
    void aCardOpenedOnOneInstanceAndSentToTheOtherIssuesExactlyOnce() {
        var adele = DemoPeople.ADELE;
        JdbcClient.create(STACK.database().getPostgresDatabase())
                .sql("delete from rate_limit_bucket where id = ?").param("person:" + adele.id()).update();
        WebSession web = new WebSession(STACK);
        web.signIn(DemoOperators.ADMIN, one);
        var card = web.get(one + "/users/" + adele.id());
        int before = STACK.graph().state().createAttempts(adele.id());
        int steps = web.trail().size();

        var pass = web.postFrom(card, two + "/users/" + adele.id() + "/passes", form(card));

        assertThat(pass.statusCode()).as(String.join("\n", web.trail())).isEqualTo(200);
        assertThat(pass.body()).contains("id=\"tap-value\"");
        assertThat(STACK.graph().state().createAttempts(adele.id()) - before).isEqualTo(1);
        assertThat(web.trail().subList(steps, web.trail().size())).noneSatisfy(step -> assertThat(step).contains(STACK.issuer()));
        var again = web.postFrom(card, two + "/users/" + adele.id() + "/passes", form(card));
        assertThat(again.statusCode()).as("the same form again").isEqualTo(409);
        assertThat(STACK.graph().state().createAttempts(adele.id()) - before).isEqualTo(1);
    }

    @Test
    void bothInstancesRunOnTheTestsBusinessClock() {
        assertThat(INSTANCES).hasSize(2).allSatisfy(instance ->
                assertThat(instance.getBean(java.time.Clock.class)).isSameAs(DemoClock.shared()));
    }

    @Test
    void twoOperatorsAtTheSameMomentMakeOneCreate() throws Exception {
        WebSession helpdesk = new WebSession(STACK);
        helpdesk.signIn(DemoOperators.HELPDESK, one);
        WebSession admin = new WebSession(STACK);
        admin.signIn(DemoOperators.ADMIN, two);
        var helpdeskCard = helpdesk.get(one + "/users/" + LEE.id());
        var adminCard = admin.get(two + "/users/" + LEE.id());
        STACK.graph().state().delay(Duration.ofMillis(400));
        CountDownLatch go = new CountDownLatch(1);
        try {
            var first = CompletableFuture.supplyAsync(() -> {
                await(go);
                return helpdesk.postFrom(helpdeskCard, one + "/users/" + LEE.id() + "/passes", form(helpdeskCard));
            });
            var second = CompletableFuture.supplyAsync(() -> {
                await(go);
                return admin.postFrom(adminCard, two + "/users/" + LEE.id() + "/passes", form(adminCard));
            });
            go.countDown();
            List<HttpResponse<String>> answers = List.of(first.get(), second.get());

            assertThat(STACK.graph().state().createAttempts(LEE.id())).isEqualTo(1);
            assertThat(answers).filteredOn(r -> r.statusCode() == 200).singleElement()
                    .satisfies(r -> assertThat(r.body()).contains("id=\"tap-value\""));
            assertThat(answers).filteredOn(r -> r.statusCode() == 409).singleElement()
                    .satisfies(r -> assertThat(r.body()).contains("Someone issued a new pass for this person a moment ago")
                            .contains("valid until").contains("id=\"replace-field\""));
        } finally {
            STACK.graph().state().delay(Duration.ZERO);
        }
    }

    /**
     * Issue #17: one check of the caller, claimed at the same moment by both instances (each with its own connection
     * pool, as two issues of the same agent behind a load balancer would): one conditional UPDATE in the shared
     * PostgreSQL, so exactly one instance gets it, and the check is then used up for both.
     */
    /**
     * Issue 19: a hand-over's link opened by its recipient on both instances at once (two tabs behind a load balancer):
     * the claim is one conditional UPDATE in PostgreSQL, so one POST shows the pass, the other is refused, and one create
     * reaches Graph.
     */
    @Test
    void aPickupOnTwoInstancesAtOnceMakesOnePass() throws Exception {
        var adele = DemoPeople.ADELE;
        JdbcClient.create(STACK.database().getPostgresDatabase()).sql("delete from rate_limit_bucket where id = ?")
                .param("person:" + adele.id()).update();
        WebSession agent = new WebSession(STACK);
        agent.signIn(DemoOperators.HELPDESK, one);
        var card = agent.get(one + "/users/" + adele.id());
        Map<String, String> fields = new HashMap<>(Map.of("issueToken", WebSession.field(card, "issueToken"),
                "lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-2219", "recipient", "manager", WebSession.CHECKED, "low"));
        if (card.body().contains("name=\"replacePassId\"")) {
            fields.put("replace", "true");
            fields.put("replacePassId", WebSession.field(card, "replacePassId"));
        }
        var made = agent.postFrom(card, one + "/users/" + adele.id() + "/passes", fields);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        var link = java.util.regex.Pattern.compile("/confirm/pickup/([A-Za-z0-9_-]{43})");
        String token = STACK.graph().state().outbox().all().stream().map(m -> link.matcher(m.body()))
                .filter(java.util.regex.Matcher::find).map(m -> m.group(1)).reduce((a, b) -> b).orElseThrow();

        List<WebSession> browsers = new ArrayList<>();
        List<HttpResponse<String>> pages = new ArrayList<>();
        for (String instance : List.of(one, two)) {
            WebSession patti = new WebSession(STACK);
            var page = patti.get(instance + "/confirm/pickup/" + token);
            page = patti.submit(page, STACK.issuer() + "/login",
                    Map.of("username", DemoOperators.PATTI.username(), "password", DemoOperators.PATTI.password()));
            assertThat(page.body()).as("the pickup page on " + instance).contains("id=\"pickup-form\"");
            browsers.add(patti);
            pages.add(page);
        }
        int createsBefore = STACK.graph().state().createAttempts(adele.id());
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int n = i;
            String instance = n == 0 ? one : two;
            posts.add(CompletableFuture.supplyAsync(() -> {
                await(go);
                return browsers.get(n).postFrom(pages.get(n), instance + "/confirm/pickup/" + token, Map.of());
            }));
        }
        go.countDown();
        List<HttpResponse<String>> answers = posts.stream().map(CompletableFuture::join).toList();
        assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 409);
        assertThat(answers).filteredOn(a -> a.statusCode() == 409).singleElement()
                .satisfies(a -> assertThat(a.body()).as("refused as used, by the claim").contains("data-key=\"pickup.used\""));
        assertThat(JdbcClient.create(STACK.database().getPostgresDatabase())
                .sql("select state from hand_over where encode(sha256(convert_to(?, 'UTF8')), 'hex') in (link_hash, teams_link_hash)")
                .param(token).query(String.class).single()).isEqualTo("issued");
        assertThat(STACK.graph().state().createAttempts(adele.id()) - createsBefore).as("one create reached Graph").isEqualTo(1);
    }

    @Test
    void oneCheckOfTheCallerIsClaimedOnceAcrossTwoInstances() throws Exception {
        var alex = DemoPeople.named("Alex Wilber");
        CallerChecks first = INSTANCES.get(0).getBean(CallerChecks.class);
        CallerChecks second = INSTANCES.get(1).getBean(CallerChecks.class);
        Operator agent = new Operator(DemoOperators.HELPDESK.objectId(), "Hana Helpdesk", "helpdesk@contoso.test", Set.of(), Set.of());
        for (int round = 0; round < 5; round++) {
            CallerCheck check = first.record(agent, alex.id(), "alex.wilber@contoso.test", CheckMethod.IN_PERSON, "passport", "127.0.0.1");
            CountDownLatch go = new CountDownLatch(1);
            var one = CompletableFuture.supplyAsync(() -> {
                await(go);
                return first.claim(agent.objectId(), alex.id(), CallerTier.LOW, new CallerCheck.Use("INC-1", 60, true), "issue");
            });
            var other = CompletableFuture.supplyAsync(() -> {
                await(go);
                return second.claim(agent.objectId(), alex.id(), CallerTier.LOW, new CallerCheck.Use("INC-1", 60, true), "issue");
            });
            go.countDown();
            List<Optional<CallerCheck>> claims = List.of(one.get(), other.get());

            assertThat(claims).filteredOn(Optional::isPresent).singleElement()
                    .satisfies(c -> assertThat(c.orElseThrow().id()).isEqualTo(check.id()));
            assertThat(second.usable(agent.objectId(), alex.id())).isEmpty();
            first.consume(check.id(), "issue");
        }
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
