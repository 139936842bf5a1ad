package io.tapdesk.policy;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.tapdesk.directory.TapPolicy;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The tenant's pass policy, read once per TTL (Caffeine) and shared by every page. The operator's token is tried
 * first; many agents lack the role to read it, so on a 403 an app-only credential is used when configured, and
 * otherwise TapDesk degrades and says so.
 */
@Service
public class TenantPolicy {

    private static final Logger log = LoggerFactory.getLogger(TenantPolicy.class);
    private static final String KEY = "TemporaryAccessPass";

    /** What TapDesk knows of the policy and how it learnt it. */
    public record Reading(TapPolicy policy, Source source, GraphFailure failure) {

        public boolean known() {
            return policy != null;
        }
    }

    public enum Source { OPERATOR, APP_ONLY, UNAVAILABLE }

    private final GraphGateway graph;
    private final Cache<String, Reading> cache;

    TenantPolicy(GraphGateway graph, PolicyProperties properties) {
        this.graph = graph;
        Duration failureTtl = properties.failureCacheTtl().compareTo(properties.cacheTtl()) < 0
                ? properties.failureCacheTtl() : properties.cacheTtl();
        this.cache = Caffeine.newBuilder()
                .maximumSize(1)
                .expireAfter(Expiry.<String, Reading>creating((key, reading) ->
                        reading.known() ? properties.cacheTtl() : failureTtl))
                .build();
    }

    /** The cached reading; concurrent callers share one read. */
    public Reading current(GraphToken token) {
        return cache.get(KEY, key -> read(token));
    }

    /**
     * The cached reading, or when none is kept a reading with the app-only credential (no operator present: a pass
     * picked up by its recipient). The policy is the tenant's, whoever read it, so both share the cache.
     */
    public Reading currentAppOnly() {
        return cache.get(KEY, key -> readAppOnly());
    }

    private Reading readAppOnly() {
        try {
            return new Reading(graph.tapPolicyAppOnly(), Source.APP_ONLY, null);
        } catch (GraphFailure failure) {
            log.warn("Tenant pass policy unavailable app-only: {}", failure.getMessage());
            return new Reading(null, Source.UNAVAILABLE, failure);
        }
    }

    /** Forgets the cached reading: the next page reads the policy again (after an administrator changed it). */
    public void forget() {
        cache.invalidateAll();
    }

    private Reading read(GraphToken token) {
        try {
            return new Reading(graph.tapPolicy(token), Source.OPERATOR, null);
        } catch (GraphFailure delegated) {
            if (delegated.kind() != GraphFailure.Kind.ACCESS_DENIED || !graph.appOnlyConfigured()) {
                log.info("Tenant pass policy unavailable: {}", delegated.getMessage());
                return new Reading(null, Source.UNAVAILABLE, delegated);
            }
            try {
                return new Reading(graph.tapPolicyAppOnly(), Source.APP_ONLY, null);
            } catch (GraphFailure appOnlyFailure) {
                log.warn("Tenant pass policy unavailable app-only too: {}", appOnlyFailure.getMessage());
                return new Reading(null, Source.UNAVAILABLE, appOnlyFailure);
            }
        }
    }
}
