package io.tapdesk.graph;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import com.microsoft.kiota.http.middleware.RetryHandler;
import java.util.concurrent.TimeUnit;

import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.springframework.stereotype.Component;

/**
 * Builds the SDK client: one shared HTTP client (connection pool, time-outs, middleware) and, per call, a light
 * Graph client carrying that operator's token.
 */
@Component
class GraphClients {

    private final OkHttpClient http;
    private final OkHttpClient reads;
    private final String baseUrl;
    private final String host;
    private final String scope;
    private final Map<TokenCredential, AccessToken> appOnlyTokens = new java.util.concurrent.ConcurrentHashMap<>();

    GraphClients(GraphProperties properties) {
        this.baseUrl = properties.baseUrl().toString().replaceAll("/+$", "");
        URI root = URI.create(baseUrl);
        this.host = root.getHost();
        // app-only scope of this cloud's Graph, e.g. https://graph.microsoft.us/.default
        this.scope = root.getScheme() + "://" + root.getAuthority() + "/.default";
        this.http = GraphClientFactory.create(interceptors())
                .connectTimeout(properties.timeout())
                .readTimeout(properties.timeout())
                .writeTimeout(properties.timeout())
                // never let OkHttp re-send a request (a create!) behind our back after a dropped connection
                .retryOnConnectionFailure(false)
                // keep a connection per concurrent read alive (OkHttp keeps 5 by default: the rest would reconnect), but
                // not so long that the server has closed it meanwhile
                .connectionPool(new ConnectionPool(properties.readThreads(), 25, TimeUnit.SECONDS))
                .dispatcher(dispatcher(properties.readThreads()))
                .followRedirects(false)
                .build();
        // reads may be re-sent on a dead pooled connection (OkHttp's own recovery); writes never are
        this.reads = http.newBuilder().retryOnConnectionFailure(true).build();
    }

    private static Dispatcher dispatcher(int concurrent) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(concurrent);
        dispatcher.setMaxRequestsPerHost(concurrent);
        return dispatcher;
    }

    /** The SDK's default middleware, with the Retry-After normaliser right behind the retry handler and the log last. */
    private static List<Interceptor> interceptors() {
        List<Interceptor> chain = new ArrayList<>();
        for (Interceptor interceptor : GraphClientFactory.createDefaultGraphInterceptors(new com.microsoft.kiota.RequestOption[0])) {
            chain.add(interceptor);
            if (interceptor instanceof RetryHandler) {
                chain.add(new RetryAfterNormaliser());
            }
        }
        chain.add(new GraphCallLog());
        return chain;
    }

    /** For reads: safe to repeat, so a stale pooled connection is retried by OkHttp. */
    GraphServiceClient forToken(GraphToken token) {
        return client(token, reads);
    }

    /** For creates and deletes: never re-sent behind our back. */
    GraphServiceClient forWrite(GraphToken token) {
        return client(token, http);
    }

    private GraphServiceClient client(GraphToken token, OkHttpClient httpClient) {
        var client = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(new FixedToken(token, host)), httpClient);
        client.getRequestAdapter().setBaseUrl(baseUrl);
        return client;
    }

    /** A Graph client that authenticates app-only with {@code credential} (scope {@code <graph root>/.default}). */
    GraphServiceClient forCredential(TokenCredential credential) {
        var client = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(new CredentialToken(this, credential, host)), reads);
        client.getRequestAdapter().setBaseUrl(baseUrl);
        return client;
    }

    /** An app-only Graph client for sends: never re-sent behind our back (the outbox's jobs decide on retries). */
    GraphServiceClient forCredentialWrite(TokenCredential credential) {
        var client = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(new CredentialToken(this, credential, host)), http);
        client.getRequestAdapter().setBaseUrl(baseUrl);
        return client;
    }

    /**
     * Whether {@code url} (an {@code @odata.nextLink}) lies under the configured Graph root: a next page is only
     * asked there, so a token never follows a link elsewhere.
     */
    boolean underGraphRoot(String url) {
        return url != null && url.regionMatches(true, 0, baseUrl + "/", 0, baseUrl.length() + 1);
    }

    /**
     * The app-only token, kept until two minutes before it expires: the card reads app-only three times, and asking
     * the token endpoint each time would add its round trip to every card.
     */
    String appOnlyToken(TokenCredential credential) {
        AccessToken cached = appOnlyTokens.get(credential);
        if (cached == null || cached.getExpiresAt() == null
                || cached.getExpiresAt().isBefore(java.time.OffsetDateTime.now().plusMinutes(2))) {
            cached = credential.getTokenSync(new TokenRequestContext().addScopes(scope));
            appOnlyTokens.put(credential, cached);
        }
        return cached.getToken();
    }

    /** App-only tokens from an azure-identity credential, handed only to the configured Graph host. */
    private record CredentialToken(GraphClients clients, TokenCredential credential, String host) implements AccessTokenProvider {

        @Override
        public String getAuthorizationToken(URI uri, Map<String, Object> context) {
            if (!host.equalsIgnoreCase(uri.getHost())) {
                return "";
            }
            return clients.appOnlyToken(credential);
        }

        @Override
        public AllowedHostsValidator getAllowedHostsValidator() {
            return new AllowedHostsValidator(host);
        }
    }

    /** Hands the token only to the configured Graph host (the SDK sends nothing to a host it does not allow). */
    private record FixedToken(GraphToken token, String host) implements AccessTokenProvider {

        @Override
        public String getAuthorizationToken(URI uri, Map<String, Object> context) {
            return host.equalsIgnoreCase(uri.getHost()) ? token.value() : "";
        }

        @Override
        public AllowedHostsValidator getAllowedHostsValidator() {
            return new AllowedHostsValidator(host);
        }
    }
}
