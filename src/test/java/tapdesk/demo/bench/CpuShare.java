package tapdesk.demo.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Who spent the CPU in a stretch of the benchmark, from the JVM's per-thread counters: TapDesk's request threads (filters,
 * session, controller, page), its Graph-read threads (the Graph SDK's calls and parsing), the Graph stand-in (WireMock's Jetty), the load generator (the agents and their HTTP
 * client), and the rest (garbage collector, compiler, the identity provider). Everything runs in one JVM on the same
 * cores, so this is how the benchmark tells TapDesk's own cost from the stand-in's and the agents'.
 */
final class CpuShare {

    enum Who { TAPDESK_REQUESTS, TAPDESK_GRAPH_READS, STAND_IN, AGENTS, REST }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Map<Who, Long> nanos;

    private CpuShare(Map<Who, Long> nanos) {
        this.nanos = nanos;
    }

    /** The counters now; {@code appPort} tells TapDesk's Tomcat threads from the identity provider's. */
    static CpuShare now(int appPort) {
        String appThreads = "-" + appPort + "-exec-";
        Map<Who, Long> nanos = new EnumMap<>(Who.class);
        for (Who who : Who.values()) {
            nanos.put(who, 0L);
        }
        long threads = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            long cpu = info == null ? -1 : THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                nanos.merge(who(info.getThreadName(), appThreads), cpu, Long::sum);
                threads += cpu;
            }
        }
        // the process counter also holds threads that are not Java threads (garbage collector, compiler)
        nanos.merge(Who.REST, PROCESS.getProcessCpuTime() - threads, Long::sum);
        return new CpuShare(nanos);
    }

    private static Who who(String thread, String appThreads) {
        if (thread.contains(appThreads)) {
            return Who.TAPDESK_REQUESTS;
        }
        if (thread.startsWith("graph-read-") || thread.startsWith("OkHttp")) {
            return Who.TAPDESK_GRAPH_READS;
        }
        if (thread.startsWith("qtp")) {
            return Who.STAND_IN;
        }
        if (thread.startsWith("pool-") || thread.startsWith("HttpClient-")) {
            return Who.AGENTS;
        }
        return Who.REST;
    }

    /** Milliseconds of CPU per load, by who spent them, between {@code before} and this snapshot. */
    Map<Who, Double> perLoadSince(CpuShare before, int loads) {
        Map<Who, Double> perLoad = new EnumMap<>(Who.class);
        nanos.forEach((who, value) -> perLoad.put(who, (value - before.nanos.get(who)) / 1e6 / loads));
        return perLoad;
    }

    static double tapDesk(Map<Who, Double> perLoad) {
        return perLoad.get(Who.TAPDESK_REQUESTS) + perLoad.get(Who.TAPDESK_GRAPH_READS);
    }

    static String describe(Map<Who, Double> perLoad) {
        return String.format(Locale.ROOT, "TapDesk %.2f ms (requests %.2f, Graph reads %.2f), stand-in %.2f ms, agents %.2f ms, rest (GC, compiler) %.2f ms",
                tapDesk(perLoad), perLoad.get(Who.TAPDESK_REQUESTS), perLoad.get(Who.TAPDESK_GRAPH_READS),
                perLoad.get(Who.STAND_IN), perLoad.get(Who.AGENTS), Math.max(0, perLoad.get(Who.REST)));
    }
}
