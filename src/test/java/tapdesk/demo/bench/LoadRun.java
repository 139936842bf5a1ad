package tapdesk.demo.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.tapdesk.TapDeskApplication;
import io.tapdesk.support.WebSession;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoAppOnlyCredential;
import tapdesk.demo.DemoClock;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.DemoStack;

/**
 * {@code mvn -q spring-boot:test-run -Dspring-boot.run.main-class=tapdesk.demo.bench.LoadRun}
 *
 * <p>50 concurrent agents for 60 s, each looping search → card → issue → card → revoke confirmation → revoke
 * against the Graph stand-in, with a load profile (limits raised, approval rules off). Prints requests, errors,
 * p50/p99 per page, and the audit rows written against the actions taken. A command that prints figures.
 */
public final class LoadRun {

    static final int AGENTS = Integer.getInteger("agents", 50);
    static final Duration LENGTH = Duration.ofSeconds(Long.getLong("seconds", 60));

    public static void main(String[] args) throws Exception {
        DemoStack stack = DemoStack.start(0, 0, 0, 0, Duration.ofHours(1));
        List<DemoPeople.Person> people = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            String n = String.format("%03d", i);
            people.add(new DemoPeople.Person(String.format("7a3c9e10-1111-4222-8333-000000000%s", n), "Load Person " + n,
                    "load" + n + "@contoso.test", "load" + n + "@contoso.test", true, "Member", false, "Tester", "Load", false,
                    DemoPeople.Behaviour.NORMAL, DemoPeople.PassSeed.NONE));
        }
        stack.graph().state().add(people);
        var app = new SpringApplicationBuilder(TapDeskApplication.class, DemoAppOnlyCredential.class, DemoClock.class).run(stack.appArguments(Map.of(
                "tapdesk.limits.per-operator-per-hour", "1000000", "tapdesk.limits.per-person-per-day", "1000000",
                "tapdesk.approval.multi-use", "false", "tapdesk.approval.privileged-target", "false",
                "tapdesk.approval.lifetime-above", "43200", "tapdesk.approval.business-start", "00:00",
                "tapdesk.approval.business-end", "00:00",
                "tapdesk.approval.business-days", "MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY",
                "logging.level.io.tapdesk", "WARN")));
        var sql = JdbcClient.create(stack.database().getPostgresDatabase());
        long auditBefore = sql.sql("select count(*) from audit_event").query(Long.class).single();

        Map<String, List<Long>> times = new ConcurrentHashMap<>();
        AtomicLong requests = new AtomicLong();
        List<String> errors = new CopyOnWriteArrayList<>();
        AtomicLong issues = new AtomicLong();
        AtomicLong revokes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(AGENTS);
        long end = System.nanoTime() + LENGTH.toNanos();
        try {
            List<Future<?>> agents = new ArrayList<>();
            for (int i = 0; i < AGENTS; i++) {
                DemoPeople.Person person = people.get(i);
                agents.add(pool.submit(() -> {
                    WebSession web = WebSession.withoutHistory(stack);
                    web.signIn(DemoOperators.ADMIN);
                    while (System.nanoTime() < end) {
                        var search = timed(times, requests, "search", () -> web.get("/?q=load"));
                        check(errors, search, 200);
                        var card = timed(times, requests, "card", () -> web.get("/users/" + person.id()));
                        check(errors, card, 200);
                        Map<String, String> form = new HashMap<>(Map.of("issueToken", WebSession.field(card, "issueToken"),
                                "lifetimeMinutes", "60", "oneTime", "true", "ticket", "LOAD-1", WebSession.CHECKED, "low"));
                        var shown = timed(times, requests, "issue", () -> web.postFrom(card, "/users/" + person.id() + "/passes", form));
                        if (check(errors, shown, 200)) {
                            issues.incrementAndGet();
                        }
                        var confirm = timed(times, requests, "revoke-confirm", () -> web.get("/users/" + person.id() + "/passes/revoke"));
                        check(errors, confirm, 200);
                        var revoked = timed(times, requests, "revoke", () -> web.postFrom(confirm,
                                "/users/" + person.id() + "/passes/revoke", Map.of("passId", WebSession.field(confirm, "passId"), "ticket", "INC-1", "reason", "load run")));
                        if (check(errors, revoked, 302)) {
                            revokes.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> agent : agents) {
                agent.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long auditRows = sql.sql("select count(*) from audit_event").query(Long.class).single() - auditBefore;
        long expectedRows = 2 * issues.get() + 2 * revokes.get();

        System.out.println();
        System.out.printf(Locale.ROOT, "TapDesk load run: %d agents for %d s on %d cores (limits raised, approval off)%n",
                AGENTS, LENGTH.toSeconds(), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "  requests %d, errors %d (goal 0)%n", requests.get(), errors.size());
        for (var page : List.of("search", "card", "issue", "revoke-confirm", "revoke")) {
            List<Long> sample = times.getOrDefault(page, List.of());
            System.out.printf(Locale.ROOT, "  %-15s n=%-6d p50 %7.1f ms  p99 %7.1f ms%n", page, sample.size(),
                    Percentile.of(sample, 50) / 1e6, Percentile.of(sample, 99) / 1e6);
        }
        System.out.printf(Locale.ROOT, "  actions: %d issues + %d revokes; audit rows written %d, expected %d (%s)%n",
                issues.get(), revokes.get(), auditRows, expectedRows, auditRows == expectedRows ? "equal" : "DIFFERENT");
        errors.stream().limit(5).forEach(e -> System.out.println("  error: " + e));
        app.close();
        stack.graph().close();
        System.exit(errors.isEmpty() && auditRows == expectedRows ? 0 : 1);
    }

    interface Step {
        java.net.http.HttpResponse<String> run();
    }

    static java.net.http.HttpResponse<String> timed(Map<String, List<Long>> times, AtomicLong requests, String page, Step step) {
        long started = System.nanoTime();
        var response = step.run();
        times.computeIfAbsent(page, k -> Collections.synchronizedList(new ArrayList<>())).add(System.nanoTime() - started);
        requests.incrementAndGet();
        return response;
    }

    static boolean check(List<String> errors, java.net.http.HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            errors.add(response.request().method() + " " + response.uri().getPath() + " -> " + response.statusCode());
            return false;
        }
        return true;
    }

    private LoadRun() {
    }
}
