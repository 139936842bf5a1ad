package io.tapdesk.support;

import io.tapdesk.policy.TenantPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import java.util.List;

import tapdesk.demo.DemoPeople;
import tapdesk.demo.DemoStack;
import tapdesk.demo.graph.StandInState;

/**
 * Base of the tests that run TapDesk for real: on its port, signed in through the demo identity provider, calling
 * the stateful Graph stand-in, on the tests' business clock (DemoClock). All of them share one Spring context and one stack.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import({tapdesk.demo.DemoAppOnlyCredential.class, tapdesk.demo.DemoClock.class})
public abstract class StackTest {

    protected static final DemoStack STACK = DemoStack.shared();

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        STACK.appProperties().forEach((key, value) -> registry.add(key, () -> value));
        // short waits keep the failing people's tests quick; the gateway tests cover the retry rules
        registry.add("tapdesk.graph.max-retries", () -> "1");
        registry.add("tapdesk.graph.retry-total-wait", () -> "3s");
        registry.add("tapdesk.graph.timeout", () -> "5s");
        // a part of the card still out after 2.5 s shows its own message (CockpitTest slows Joni to 4 s)
        registry.add("tapdesk.graph.card-part-timeout", () -> "2500ms");
        // the shared database keeps the rate-limit buckets for the whole run: limits out of the way (LimitsTest sets its own)
        registry.add("tapdesk.limits.per-person-per-day", () -> "100000");
        registry.add("tapdesk.limits.per-operator-per-hour", () -> "100000");
        TestHours.aroundTheClock(registry);
        // a request page left open asks every 300 ms whether it was decided (ApprovalBrowserTest waits for it)
        registry.add("tapdesk.approval.poll-every", () -> "300ms");
        // the card asks every 300 ms whether the manager answered (ManagerConfirmationBrowserTest waits for it)
        registry.add("tapdesk.verification.confirmation-poll-every", () -> "300ms");
        // one issue per person at a time: a waiter gives up after 1 s, a holder that stops answering loses the lock
        // after 2 s (IssuingTest's busy case); the holder renews it meanwhile, so a slow create keeps it
        registry.add("tapdesk.limits.lock-wait", () -> "1s");
        registry.add("tapdesk.limits.lock-lease", () -> "2s");
        // one loopback address plays the reverse proxy (ForwardedHeadersTest connects from it); the tests' own clients
        // connect from 127.0.0.1, which is trusted with nothing
        registry.add("tapdesk.proxy.trusted", () -> ForwardedHeaders.PROXY_ADDRESS);
        // notices after every pass, as in the demo; the outbox polls, backs off and gives up in milliseconds
        tapdesk.demo.TapDeskDemo.NOTICES.forEach((key, value) -> registry.add(key, () -> value));
        registry.add("tapdesk.notices.polling-interval", () -> "100ms");
        registry.add("tapdesk.notices.back-off", () -> "50ms");
        registry.add("tapdesk.notices.back-off-rate", () -> "1.5");
        registry.add("tapdesk.notices.max-attempts", () -> "4");
        registry.add("tapdesk.notices.max-retry-after", () -> "1s");
        registry.add("tapdesk.notices.shutdown-wait", () -> "1s");
    }

    @Autowired
    TenantPolicy tenantPolicy;

    @Autowired
    JdbcClient stackSql;

    @Autowired
    io.tapdesk.graph.OwnedRoleAssignableGroups ownedRoleAssignableGroups;

    @BeforeEach
    void resetGraph() {
        // the notices an earlier test's passes queued are sent in the background: let them land before the stand-in's
        // outbox is emptied, or one arrives in the middle of this test (retries and give-ups take milliseconds here)
        org.awaitility.Awaitility.await().pollInterval(java.time.Duration.ofMillis(20)).atMost(java.time.Duration.ofSeconds(10))
                .until(() -> stackSql.sql("select count(*) from outbox_message where state = 'queued'")
                        .query(Integer.class).single() == 0);
        STACK.graph().state().reset();
        tenantPolicy.forget();
        // the role-assignable groups are kept a minute: each test lists the stand-in's own (faults, paging)
        ownedRoleAssignableGroups.forget();
        // one open request per person and requester: a request an earlier test left open would stand in for this
        // test's own (the database is shared by the whole run), so each test starts with none open
        stackSql.sql("update approval_request set state = 'withdrawn' where state in ('pending', 'approved')").update();
        // allowances start fresh with this context's limits: a bucket keeps the settings of the context that made it
        // (TwoInstancesTest's instances allow Grady and Lee two passes a day), and the card now says what is left
        stackSql.sql("delete from rate_limit_bucket").update();
        // every test checks its own callers: a check an earlier test left usable would let this test's issue through
        stackSql.sql("update caller_check set claimed_by = coalesce(claimed_by, 'test-reset'), consumed_at = now() "
                + "where consumed_at is null").update();
        // one open hand-over per person (issue 19): a hand-over an earlier test left open would refuse this test's own
        stackSql.sql("update hand_over set state = 'revoked', revoked_at = now(), revoked_by = 'test-reset'"
                + " where state in ('scheduled', 'sent')").update();
        // a fence an earlier test left (IncidentsTest) would refuse this test's passes: each test starts with none
        stackSql.sql("update person_fence set lifted_at = now(), lifted_by_oid = 'test', lifted_reason = 'test reset'"
                + " where lifted_at is null").update();
    }

    /**
     * The race TapDesk's policy check cannot close: TapDesk read the tenant's pass policy while it still covered
     * everyone (the reading is cached for {@code tapdesk.policy.cache-ttl}), then an administrator excluded the group
     * "Contractors (no passes)" again. Graph then makes Irvin Sayers' pass "disabled by policy", and the pass page
     * must say it will not work. Reads Irvin's card as {@code web} to take the reading.
     */
    protected void policyReadBeforeIrvinWasExcluded(WebSession web) {
        var state = STACK.graph().state();
        state.policy(state.policy().targets(List.of(StandInState.ALL_USERS), List.of()));
        tenantPolicy.forget();
        web.get("/users/" + DemoPeople.IRVIN.id());
        state.policy(StandInState.Policy.defaults());
    }

    protected WebSession session() {
        return new WebSession(STACK);
    }
}
