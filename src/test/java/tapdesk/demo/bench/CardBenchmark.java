package tapdesk.demo.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.tapdesk.TapDeskApplication;
import io.tapdesk.support.WebSession;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tapdesk.demo.DemoAppOnlyCredential;
import tapdesk.demo.DemoClock;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.DemoStack;

/**
 * {@code mvn -q spring-boot:test-run -Dspring-boot.run.main-class=tapdesk.demo.bench.CardBenchmark}
 *
 * <p>Runs TapDesk against the Graph stand-in with 20 agents signed in at once and prints, from this one run: the user
 * card's time divided by the stand-in's fixed delay D = 50 ms (the card makes its Graph reads at once, so the ideal is
 * 1.0), and TapDesk's own overhead at D = 0 against a bare signed-in endpoint. Ratios, not absolute times: both sides
 * are measured here, now, on this machine.
 *
 * <p>The goals are measured with agents at work: each opens a card, thinks 0 to {@link #THINK_MAX} (random), opens the
 * next — about 30 cards a second from 20 agents, far more than a service desk on the phone, and enough that cards
 * overlap (the run prints how many were in flight at once). Then the same agents with no pause at all, which measures
 * what two cores can carry rather than what an agent waits; those figures are printed for capacity planning.
 */
public final class CardBenchmark {

    static final int AGENTS = 20;
    static final int WARM_UP = 15;
    static final int CARDS = Integer.getInteger("cards", 40);
    static final Duration D = Duration.ofMillis(50);
    static final Duration THINK_MAX = Duration.ofMillis(Long.getLong("thinkMillis", 1000));
    static final Duration NO_THINK = Duration.ZERO;

    public static void main(String[] args) throws Exception {
        DemoStack stack = DemoStack.start(0, 0, 0, 0, Duration.ofHours(1));
        // one log line per Graph call is right in production; on the console it would measure the terminal
        ConfigurableApplicationContext app = new SpringApplicationBuilder(TapDeskApplication.class,
                DemoAppOnlyCredential.class, DemoClock.class, BareEndpoint.class)
                .run(stack.appArguments(Map.of("logging.level.io.tapdesk", "WARN"), args));
        ExecutorService agents = Executors.newFixedThreadPool(AGENTS);
        int exit = 1;
        try {
            List<WebSession> sessions = new ArrayList<>();
            for (int i = 0; i < AGENTS; i++) {
                WebSession session = WebSession.withoutHistory(stack);
                session.signIn(DemoOperators.HELPDESK);
                sessions.add(session);
            }
            String card = "/users/" + DemoPeople.ADELE.id();
            String bare = "/bench/bare";
            Pages pages = new Pages(agents, sessions);

            stack.graph().state().delay(Duration.ZERO);
            pages.run(List.of(card, bare), WARM_UP, NO_THINK);

            stack.graph().state().delay(D);
            Run delayed = pages.run(List.of(card), CARDS, THINK_MAX);
            stack.graph().state().delay(Duration.ZERO);
            Run atZero = pages.run(List.of(card, bare), CARDS, THINK_MAX);

            stack.graph().state().delay(D);
            Run delayedFlat = pages.run(List.of(card), CARDS, NO_THINK);
            stack.graph().state().delay(Duration.ZERO);
            Run atZeroFlat = pages.run(List.of(card, bare), CARDS, NO_THINK);
            int appPort = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            Pages one = new Pages(agents, sessions.subList(0, 1));
            CpuShare start = CpuShare.now(appPort);
            Run alone = one.run(List.of(card), CARDS * 5, NO_THINK);
            CpuShare cardsDone = CpuShare.now(appPort);
            Run aloneBare = one.run(List.of(bare), CARDS * 5, NO_THINK);
            var cardCpu = cardsDone.perLoadSince(start, CARDS * 5);
            var bareCpu = CpuShare.now(appPort).perLoadSince(cardsDone, CARDS * 5);

            double d = D.toNanos();
            double ratio50 = delayed.p(card, 50) / d;
            double ratio99 = delayed.p(card, 99) / d;
            double overhead99 = ms(atZero.p(card, 99) - atZero.p(bare, 99));
            System.out.println();
            System.out.printf(Locale.ROOT, "TapDesk card benchmark: %d agents signed in at once, %d cards each, %d cores%n",
                    AGENTS, CARDS, Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "Agents at work (think 0-%d ms between pages): %.0f cards a second, up to %d in flight at once, %d %% of cards started while another was loading%n",
                    THINK_MAX.toMillis(), delayed.perSecond(card), delayed.maxInFlight(), delayed.overlappedPercent());
            System.out.printf(Locale.ROOT, "  card time / D (D = %d ms per Graph call): p50 %.2f  p99 %.2f   (goal <= 1.30 and <= 1.60) %s%n",
                    D.toMillis(), ratio50, ratio99, verdict(ratio50 <= 1.3 && ratio99 <= 1.6));
            System.out.printf(Locale.ROOT, "  at D = 0: bare endpoint p50 %.2f ms p99 %.2f ms; card p50 %.2f ms p99 %.2f ms%n",
                    ms(atZero.p(bare, 50)), ms(atZero.p(bare, 99)), ms(atZero.p(card, 50)), ms(atZero.p(card, 99)));
            System.out.printf(Locale.ROOT, "  TapDesk's own overhead at D = 0 (card - bare): p50 %.2f ms  p99 %.2f ms   (goal: p99 <= 5 ms) %s%n",
                    ms(atZero.p(card, 50) - atZero.p(bare, 50)), overhead99, verdict(overhead99 <= 5));
            System.out.printf(Locale.ROOT, "Agents with no pause at all (what two cores carry; not the goal's measure): %.0f cards a second%n",
                    delayedFlat.perSecond(card));
            System.out.printf(Locale.ROOT, "  card time / D: p50 %.2f  p99 %.2f; at D = 0: card - bare p50 %.2f ms  p99 %.2f ms%n",
                    delayedFlat.p(card, 50) / d, delayedFlat.p(card, 99) / d,
                    ms(atZeroFlat.p(card, 50) - atZeroFlat.p(bare, 50)), ms(atZeroFlat.p(card, 99) - atZeroFlat.p(bare, 99)));
            System.out.printf(Locale.ROOT, "One agent alone at D = 0: card p50 %.2f ms p99 %.2f ms; bare p50 %.2f ms p99 %.2f ms%n",
                    ms(alone.p(card, 50)), ms(alone.p(card, 99)), ms(aloneBare.p(bare, 50)), ms(aloneBare.p(bare, 99)));
            System.out.println("  CPU per card: " + CpuShare.describe(cardCpu));
            System.out.println("  CPU per bare: " + CpuShare.describe(bareCpu));
            System.out.printf(Locale.ROOT, "  TapDesk's own CPU per card beyond the bare endpoint: %.2f ms; the stand-in's for the card's reads: %.2f ms%n",
                    CpuShare.tapDesk(cardCpu) - CpuShare.tapDesk(bareCpu), cardCpu.get(CpuShare.Who.STAND_IN));
            exit = ratio50 <= 1.3 && ratio99 <= 1.6 && overhead99 <= 5 ? 0 : 1;
        } finally {
            agents.shutdownNow();
            app.close();
            stack.graph().close();
            System.exit(exit);
        }
    }

    static String verdict(boolean met) {
        return met ? "met" : "NOT MET";
    }

    static double ms(double nanos) {
        return nanos / 1_000_000.0;
    }

    /** The signed-in agents, each loading pages in turn. */
    record Pages(ExecutorService agents, List<WebSession> sessions) {

        /**
         * Every agent loads each of {@code paths} in turn, {@code rounds} times, thinking a random 0 to
         * {@code thinkMax} before each page; all agents at once.
         */
        Run run(List<String> paths, int rounds, Duration thinkMax) throws Exception {
            Run run = new Run(paths);
            List<Future<?>> futures = new ArrayList<>();
            long started = System.nanoTime();
            for (WebSession session : sessions) {
                futures.add(agents.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        for (String path : paths) {
                            if (!thinkMax.isZero()) {
                                Thread.sleep(ThreadLocalRandom.current().nextLong(thinkMax.toMillis() + 1));
                            }
                            run.load(session, path);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            run.elapsedNanos = System.nanoTime() - started;
            return run;
        }
    }

    /** The times of one run, per path, and how much the first path's loads overlapped. */
    static final class Run {
        private final List<String> paths;
        private final List<List<Long>> times = new ArrayList<>();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger maxInFlight = new AtomicInteger();
        private final AtomicInteger overlapped = new AtomicInteger();
        private final AtomicInteger loads = new AtomicInteger();
        private long elapsedNanos;

        Run(List<String> paths) {
            this.paths = paths;
            paths.forEach(path -> times.add(Collections.synchronizedList(new ArrayList<>())));
        }

        void load(WebSession session, String path) throws Exception {
            boolean counted = path.equals(paths.get(0));
            if (counted) {
                int now = inFlight.incrementAndGet();
                maxInFlight.accumulateAndGet(now, Math::max);
                loads.incrementAndGet();
                if (now > 1) {
                    overlapped.incrementAndGet();
                }
            }
            long started = System.nanoTime();
            int status;
            try {
                status = session.get(path).statusCode();
            } finally {
                if (counted) {
                    inFlight.decrementAndGet();
                }
            }
            times.get(paths.indexOf(path)).add(System.nanoTime() - started);
            if (status != 200) {
                throw new IllegalStateException(path + " answered " + status);
            }
        }

        double p(String path, int percentile) {
            return Percentile.of(times.get(paths.indexOf(path)), percentile);
        }

        double perSecond(String path) {
            return times.get(paths.indexOf(path)).size() / (elapsedNanos / 1e9);
        }

        int maxInFlight() {
            return maxInFlight.get();
        }

        long overlappedPercent() {
            return Math.round(100.0 * overlapped.get() / Math.max(1, loads.get()));
        }
    }

    private CardBenchmark() {
    }
}
