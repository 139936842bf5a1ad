package io.tapdesk.users;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.directory.Membership;
import io.tapdesk.directory.MethodsAndPass;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphProperties;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.policy.TenantPolicy;
import io.tapdesk.security.Operator;
import io.tapdesk.web.FailureExplainer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Reads a person's card: profile, pass, methods, manager, memberships and the tenant policy, all at once on the
 * bounded Graph executor. Each task gets the operator's token (taken on the request thread), never the request.
 * The profile is the card: if it fails the page fails; any other part fails alone.
 */
@Service
public class CardReader {

    private final GraphGateway graph;
    private final TenantPolicy policy;
    private final Executor executor;
    private final FailureExplainer explainer;
    private final Set<String> protectedGroups;
    private final java.time.Duration partTimeout;

    CardReader(GraphGateway graph, TenantPolicy policy, @Qualifier("graphReads") Executor executor,
               FailureExplainer explainer, GuardrailProperties guardrails, GraphProperties graphProperties) {
        this.partTimeout = graphProperties.cardPartTimeout();
        this.graph = graph;
        this.policy = policy;
        this.executor = executor;
        this.explainer = explainer;
        this.protectedGroups = guardrails.protectedGroups().stream().map(g -> g.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    public CardFacts read(GraphToken token, String userId, Operator operator) {
        long deadline = System.nanoTime() + partTimeout.toNanos();
        var user = async(() -> graph.user(token, userId));
        // the methods list carries the pass too: one call for both parts of the card
        var methods = async(() -> graph.methods(token, userId));
        var manager = async(() -> graph.manager(token, userId));
        var memberships = async(() -> graph.memberships(token, userId));
        var tenantPolicy = async(() -> policy.current(token));
        DirectoryUser profile = join(user);
        Part<List<Membership>> groups = part(memberships, operator, deadline);
        Part<TenantPolicy.Reading> reading = part(tenantPolicy, operator, deadline);
        Part<MethodsAndPass> signIn = part(methods, operator, deadline);
        return new CardFacts(profile,
                signIn.ok() ? Part.of(signIn.value().pass()) : Part.failed(signIn.problem()),
                signIn.ok() ? Part.of(signIn.value().methods()) : Part.failed(signIn.problem()),
                part(manager, operator, deadline),
                groups.ok() ? Part.of(privilege(groups.value())) : Part.failed(groups.problem()),
                reading.ok() ? reading.value() : new TenantPolicy.Reading(null, TenantPolicy.Source.UNAVAILABLE, null));
    }

    private Privilege privilege(List<Membership> memberships) {
        return new Privilege(
                names(memberships, m -> m.type() == Membership.Type.DIRECTORY_ROLE),
                names(memberships, m -> m.type() == Membership.Type.GROUP && m.roleAssignable()),
                names(memberships, m -> m.type() == Membership.Type.GROUP && protectedGroups.contains(m.id().toLowerCase(Locale.ROOT))));
    }

    private static List<String> names(List<Membership> memberships, java.util.function.Predicate<Membership> which) {
        return memberships.stream().filter(which).map(Membership::displayName).sorted().toList();
    }

    private <T> CompletableFuture<T> async(Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, executor);
    }

    /** A part waits for the card's shared deadline; a part still out by then shows its own message. */
    private <T> Part<T> part(CompletableFuture<T> future, Operator operator, long deadline) {
        try {
            return Part.of(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException slow) {
            return Part.failed(explainer.explain(new GraphFailure(GraphFailure.Kind.NO_RESPONSE, 0, "", "", "", null, null, null), operator));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GraphFailure failure) {
                return Part.failed(explainer.explain(failure, operator));
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
