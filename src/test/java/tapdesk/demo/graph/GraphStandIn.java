package tapdesk.demo.graph;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * The Graph stand-in: WireMock on a loopback port, answering every {@code /v1.0/...} call from {@link StandInState}.
 * It logs no request or response bodies (its notifier reports only its own errors) and keeps no request journal.
 */
public final class GraphStandIn implements AutoCloseable {

    private final WireMockServer server;
    private final GraphStandInTransformer transformer;
    private final StandInState state = new StandInState();

    private GraphStandIn(int port) {
        String root = "http://127.0.0.1:" + port + "/v1.0";
        transformer = new GraphStandInTransformer(state, root);
        server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .port(port)
                // enough threads that 20 agents' concurrent calls (6 each) measure TapDesk, not WireMock; delays are
                // served asynchronously so a delayed answer does not hold a container thread
                .containerThreads(300)
                .jettyAcceptors(4)
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(200)
                .disableRequestJournal()
                // Graph's answers here are a few hundred bytes: compressing them would measure gzip, twice
                .gzipDisabled(true)
                .stubRequestLoggingDisabled(true)
                .notifier(new Slf4jNotifier(false))
                .extensions(transformer));
    }

    /** Starts on {@code port} (0 picks a free one). */
    public static GraphStandIn start(int port) {
        GraphStandIn standIn = new GraphStandIn(port);
        standIn.server.start();
        standIn.transformer.root(standIn.baseUrl());
        standIn.server.stubFor(any(urlMatching("/v1\\.0/.*"))
                .willReturn(aResponse().withTransformers(GraphStandInTransformer.NAME)));
        return standIn;
    }

    public StandInState state() {
        return state;
    }

    public int port() {
        return server.port();
    }

    /** The base URL TapDesk is given as {@code tapdesk.graph.base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1.0";
    }

    @Override
    public void close() {
        server.stop();
    }
}
