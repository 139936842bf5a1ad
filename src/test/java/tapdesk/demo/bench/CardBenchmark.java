package tapdesk.demo.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tapdesk.TapDeskApplication;
import io.tapdesk.support.WebSession;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tapdesk.demo.DemoAppOnlyCredential;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.DemoStack;

/**
 * {@code mvn -q spring-boot:test-run -Dspring-boot.test-run.main-class=tapdesk.demo.bench.CardBenchmark}
 *
 * <p>Runs TapDesk against the Graph stand-in with 20 concurrent agents and prints, from this one run:
 * the user card's time divided by the stand-in's fixed delay D = 50 ms (the card makes its Graph reads at once, so
 * the ideal is 1.0), and TapDesk's own overhead at D = 0 against a bare signed-in endpoint. Ratios, not absolute
 * times: both sides are measured here, now, on this machine.
 */
public final class CardBenchmark {

    static final int AGENTS = 20;
    static final int WARM_UP = 15;
    static final int ROUNDS = 40;
    static final Duration D = Duration.ofMillis(50);

    public static void main(String[] args) throws Exception {
        DemoStack stack = DemoStack.start(0, 0, 0, 0, Duration.ofHours(1));
        List<String> appArgs = new ArrayList<>();
        stack.appProperties().forEach((key, value) -> appArgs.add("--" + key + "=" + value));
        // one log line per Graph call is right in production; on the console it would measure the terminal
        appArgs.add("--logging.level.io.tapdesk=WARN");
        ConfigurableApplicationContext app = new SpringApplicationBuilder(TapDeskApplication.class,
                DemoAppOnlyCredential.class, BareEndpoint.class).run(appArgs.toArray(String[]::new));
        ExecutorService agents = Executors.newFixedThreadPool(AGENTS);
        try {
            List<WebSession> sessions = new ArrayList<>();
            for (int i = 0; i < AGENTS; i++) {
                WebSession session = new WebSession(stack);
                session.signIn(DemoOperators.HELPDESK);
                sessions.add(session);
            }
            String card = "/users/" + DemoPeople.ADELE.id();

            stack.graph().state().delay(D);
            run(agents, sessions, card, WARM_UP);
            List<Long> delayed = run(agents, sessions, card, ROUNDS);

            stack.graph().state().delay(Duration.ZERO);
            run(agents, sessions, card, WARM_UP);
            run(agents, sessions, "/bench/bare", WARM_UP);
            List<Long> bare = run(agents, sessions, "/bench/bare", ROUNDS);
            List<Long> cardAtZero = run(agents, sessions, card, ROUNDS);
            List<Long> page = run(agents, sessions, "/", ROUNDS);
            List<Long> alone = run(agents, sessions.subList(0, 1), card, ROUNDS);

            double d = D.toNanos();
            System.out.println();
            System.out.printf(Locale.ROOT, "TapDesk card benchmark: %d concurrent agents, %d cards each, %d cores%n",
                    AGENTS, ROUNDS, Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "  card time / D (D = %d ms per Graph call): p50 %.2f  p99 %.2f   (goal <= 1.30 and <= 1.60)%n",
                    D.toMillis(), percentile(delayed, 50) / d, percentile(delayed, 99) / d);
            System.out.printf(Locale.ROOT, "  at D = 0: bare endpoint p50 %.2f ms p99 %.2f ms; card p50 %.2f ms p99 %.2f ms%n",
                    ms(percentile(bare, 50)), ms(percentile(bare, 99)), ms(percentile(cardAtZero, 50)), ms(percentile(cardAtZero, 99)));
            System.out.printf(Locale.ROOT, "  a page without Graph calls (the search page): p50 %.2f ms p99 %.2f ms%n",
                    ms(percentile(page, 50)), ms(percentile(page, 99)));
            System.out.printf(Locale.ROOT, "  one agent alone at D = 0: card p50 %.2f ms p99 %.2f ms%n",
                    ms(percentile(alone, 50)), ms(percentile(alone, 99)));
            System.out.printf(Locale.ROOT, "  TapDesk's own overhead at D = 0 (card - bare): p50 %.2f ms  p99 %.2f ms   (goal: p99 <= 5 ms)%n",
                    ms(percentile(cardAtZero, 50) - percentile(bare, 50)), ms(percentile(cardAtZero, 99) - percentile(bare, 99)));
        } finally {
            agents.shutdownNow();
            app.close();
            stack.graph().close();
            System.exit(0);
        }
    }

    /** Every agent loads {@code path} {@code rounds} times, all agents at once; returns each load's nanoseconds. */
    static List<Long> run(ExecutorService agents, List<WebSession> sessions, String path, int rounds) throws Exception {
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (WebSession session : sessions) {
            futures.add(agents.submit(() -> {
                List<Long> times = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    long started = System.nanoTime();
                    int status = session.get(path).statusCode();
                    times.add(System.nanoTime() - started);
                    if (status != 200) {
                        throw new IllegalStateException(path + " answered " + status);
                    }
                }
                return times;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> future : futures) {
            all.addAll(future.get());
        }
        return all;
    }

    static double percentile(List<Long> samples, int p) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    static double ms(double nanos) {
        return nanos / 1_000_000.0;
    }

    private CardBenchmark() {
    }
}
