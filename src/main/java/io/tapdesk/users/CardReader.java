package io.tapdesk.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.directory.Eligibilities;
import io.tapdesk.directory.EligibleGroup;
import io.tapdesk.directory.EligibleRole;
import io.tapdesk.directory.Membership;
import io.tapdesk.directory.MethodsAndPass;
import io.tapdesk.directory.PassStatus;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphProperties;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.graph.OwnedRoleAssignableGroups;
import io.tapdesk.policy.TenantPolicy;
import io.tapdesk.security.Operator;
import io.tapdesk.web.FailureExplainer;
import io.tapdesk.web.Problem;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Reads a person's card: profile, pass, methods, manager, the four privilege reads (memberships, owned groups, and
 * app-only the PIM eligibility for roles and groups) and the tenant policy, all at once on the bounded Graph executor.
 * Each task gets the operator's token (taken on the request thread), never the request. The profile is the card: if
 * it fails the page fails; any other part fails alone, and a failed privilege read makes the person count as
 * privileged ({@link Privilege#countsAsPrivileged()}).
 */
@Service
public class CardReader {

    private final GraphGateway graph;
    private final TenantPolicy policy;
    private final Executor executor;
    private final FailureExplainer explainer;
    private final Set<String> protectedGroups;
    private final java.time.Duration partTimeout;
    private final boolean eligibilityChecks;
    private final OwnedRoleAssignableGroups ownedRoleAssignable;

    CardReader(GraphGateway graph, TenantPolicy policy, @Qualifier("graphReads") Executor executor,
               FailureExplainer explainer, GuardrailProperties guardrails, GraphProperties graphProperties,
               OwnedRoleAssignableGroups ownedRoleAssignable) {
        this.ownedRoleAssignable = ownedRoleAssignable;
        this.partTimeout = graphProperties.cardPartTimeout();
        this.graph = graph;
        this.policy = policy;
        this.executor = executor;
        this.explainer = explainer;
        this.protectedGroups = guardrails.protectedGroups().stream().map(g -> g.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.eligibilityChecks = guardrails.eligibilityChecks();
        if (eligibilityChecks && !graph.appOnlyConfigured()) {
            // fail at start-up, not on every card: without the credential every PIM read would fail and everyone
            // would count as privileged
            throw new IllegalStateException("TapDesk reads PIM eligibility app-only, but no app-only credential is "
                    + "configured: set tapdesk.app-only.* (README, \"Registering TapDesk in Entra ID\"), or set "
                    + "tapdesk.guardrails.eligibility-checks=false to run without eligibility checks (the card then says so)");
        }
    }

    /** The card with the operator's token: the groups the person owns from "List ownedObjects" (delegated). */
    public CardFacts read(GraphToken token, String userId, Operator operator) {
        return read(token, userId, operator, () -> graph.ownedGroups(token, userId), () -> policy.current(token));
    }

    /**
     * The same card read app-only, for when no operator is present (a pass picked up by its recipient, new hires):
     * every read with {@link GraphGateway#appOnlyToken()}, the tenant policy app-only, and the groups the person
     * owns from the role-assignable groups' owners ({@link OwnedRoleAssignableGroups}), since "List ownedObjects"
     * has no application permission (docs/graph.md §11). A part that cannot be read fails alone and, for the
     * privilege reads, makes the person count as privileged, as on the operator's card.
     *
     * @param operatorAsStored the operator who asked for the pass, for the parts' messages
     * @throws GraphFailure when the app-only token cannot be had, or the profile cannot be read
     */
    public CardFacts readAppOnly(String userId, Operator operatorAsStored) {
        GraphToken token = graph.appOnlyToken();
        return read(token, userId, operatorAsStored, () -> ownedRoleAssignable.of(userId), policy::currentAppOnly);
    }

    /** The one card read; the two entry points differ only in how owned groups and the tenant policy are read. */
    private CardFacts read(GraphToken token, String userId, Operator operator, Supplier<List<Membership>> ownedGroups,
                           Supplier<TenantPolicy.Reading> tenantPolicyRead) {
        long deadline = System.nanoTime() + partTimeout.toNanos();
        var user = async(() -> graph.user(token, userId), deadline);
        // the methods list carries the pass too: one call for both parts of the card
        var methods = async(() -> graph.methods(token, userId), deadline);
        var pass = passOf(methods, token, userId, deadline);
        var manager = async(() -> graph.manager(token, userId), deadline);
        var memberships = async(() -> graph.memberships(token, userId), deadline);
        var owned = async(ownedGroups, deadline);
        // app-only: reading someone else's eligibility needs a reader role most agents lack
        var eligibleRoles = eligibilityChecks ? async(() -> graph.eligibleRoles(userId), deadline) : null;
        var eligibleGroups = eligibilityChecks ? async(() -> graph.eligibleGroups(userId), deadline) : null;
        var tenantPolicy = async(tenantPolicyRead, deadline);
        DirectoryUser profile = join(user);
        // the profile was found: from here on a part's 404 is not a deleted account (FailureExplainer.explainPart)
        Part<List<Membership>> memberOf = part(memberships, operator, deadline);
        Privilege privilege = privilege(memberOf, part(owned, operator, deadline),
                eligibleRoles == null ? null : part(eligibleRoles, deadline, f -> explainer.explainAppOnly(f, operator)),
                eligibleGroups == null ? null : part(eligibleGroups, deadline, f -> explainer.explainAppOnly(f, operator)));
        Part<TenantPolicy.Reading> reading = part(tenantPolicy, operator, deadline);
        boolean privileged = privilege.countsAsPrivileged();
        Part<PassStatus> passPart = part(pass, deadline,
                f -> explainer.explainPart(f, operator, FailureExplainer.Needs.PASS_READ, privileged));
        Part<MethodsAndPass> signIn = part(methods, deadline, f -> passPart.ok() && f.kind() == GraphFailure.Kind.ACCESS_DENIED
                ? explainer.explainMethodsRefused(f, operator, privileged)
                : explainer.explainPart(f, operator, FailureExplainer.Needs.METHODS_READ, privileged));
        TenantPolicy.Reading policyReading = reading.ok() ? reading.value()
                : new TenantPolicy.Reading(null, TenantPolicy.Source.UNAVAILABLE, null);
        return new CardFacts(profile,
                passPart,
                signIn.ok() ? Part.of(signIn.value().methods()) : Part.failed(signIn.problem()),
                part(manager, operator, deadline),
                privilege,
                policyReading,
                PolicyCoverage.of(policyReading.known() ? policyReading.policy() : null, profile.id(), memberOf));
    }

    /**
     * The person's pass: from the methods list when it answers; from the pass list
     * ({@code temporaryAccessPassMethods}) when the methods list fails (a tenant that consented only the granular
     * pass permission gets 403 there; a 429, a 5xx) or is still out at half the card's time, so no failure of the
     * methods read alone hides a live pass. The pass list is asked at most once, and only then.
     */
    private CompletableFuture<PassStatus> passOf(CompletableFuture<MethodsAndPass> methods, GraphToken token,
                                                 String userId, long deadline) {
        CompletableFuture<PassStatus> pass = new CompletableFuture<>();
        AtomicBoolean asked = new AtomicBoolean();
        AtomicReference<Throwable> listFailed = new AtomicReference<>();
        Runnable askList = () -> {
            if (asked.compareAndSet(false, true)) {
                async(() -> graph.currentPass(token, userId), deadline).whenComplete((found, error) -> {
                    if (error == null) {
                        pass.complete(found);
                        return;
                    }
                    listFailed.set(error);
                    if (methods.isCompletedExceptionally()) {
                        pass.completeExceptionally(error);
                    }
                });
            }
        };
        methods.whenComplete((found, error) -> {
            if (error == null) {
                pass.complete(found.pass());
            } else if (listFailed.get() != null) {
                pass.completeExceptionally(listFailed.get());
            } else {
                askList.run();
            }
        });
        CompletableFuture.delayedExecutor(partTimeout.toNanos() / 2, TimeUnit.NANOSECONDS, executor).execute(() -> {
            if (!methods.isDone()) {
                askList.run();
            }
        });
        return pass;
    }

    /** Null eligibility parts: the checks are off. */
    private Privilege privilege(Part<List<Membership>> memberships, Part<List<Membership>> owned,
                                Part<Eligibilities<EligibleRole>> roles, Part<Eligibilities<EligibleGroup>> groups) {
        List<Privilege.Unread> unread = new ArrayList<>();
        List<Membership> member = value(memberships, Privilege.Read.MEMBERSHIPS, unread, List.of());
        List<Membership> owner = value(owned, Privilege.Read.OWNED_GROUPS, unread, List.of());
        Eligibilities<EligibleRole> eligibleRoles = roles == null ? Eligibilities.found(List.of())
                : value(roles, Privilege.Read.ELIGIBLE_ROLES, unread, Eligibilities.found(List.of()));
        Eligibilities<EligibleGroup> eligibleGroups = groups == null ? Eligibilities.found(List.of())
                : value(groups, Privilege.Read.ELIGIBLE_GROUPS, unread, Eligibilities.found(List.of()));
        Privilege.Eligibility eligibility = roles == null ? Privilege.Eligibility.NOT_CHECKED
                : !eligibleRoles.pimLicensed() || !eligibleGroups.pimLicensed() ? Privilege.Eligibility.NO_PIM_LICENCE
                : Privilege.Eligibility.CHECKED;
        return new Privilege(
                names(member, m -> m.type() == Membership.Type.DIRECTORY_ROLE),
                names(member, m -> m.type() == Membership.Type.GROUP && m.roleAssignable()),
                names(member, m -> m.type() == Membership.Type.GROUP && protectedGroups.contains(m.id().toLowerCase(Locale.ROOT))),
                eligibleRoles.items().stream().map(EligibleRole::displayName).distinct().sorted().toList(),
                groupNames(eligibleGroups, EligibleGroup.Access.MEMBER),
                groupNames(eligibleGroups, EligibleGroup.Access.OWNER),
                names(owner, m -> m.type() == Membership.Type.GROUP && m.roleAssignable()),
                eligibility, unread);
    }

    /**
     * Every group PIM for Groups makes someone eligible for counts, role-assignable or not: PIM for Groups exists to
     * hand out privileged access just in time, and TapDesk does not guess which of those groups matter.
     */
    private static List<String> groupNames(Eligibilities<EligibleGroup> groups, EligibleGroup.Access access) {
        return groups.items().stream().filter(g -> g.access() == access).map(EligibleGroup::displayName)
                .distinct().sorted().toList();
    }

    private static <T> T value(Part<T> part, Privilege.Read read, List<Privilege.Unread> unread, T otherwise) {
        if (part.ok()) {
            return part.value();
        }
        unread.add(new Privilege.Unread(read, part.problem()));
        return otherwise;
    }

    private static List<String> names(List<Membership> memberships, java.util.function.Predicate<Membership> which) {
        return memberships.stream().filter(which).map(Membership::displayName).distinct().sorted().toList();
    }

    /** A read for the card: retries only where their wait leaves time before the card's deadline (a 429 says when). */
    private <T> CompletableFuture<T> async(Supplier<T> read, long deadline) {
        return CompletableFuture.supplyAsync(() -> GraphGateway.before(deadline, read), executor);
    }

    /**
     * A part waits for the card's shared deadline; a part still out by then shows its own message. The profile was
     * read, so a 404 here is a part not (yet) there, not a deleted person.
     */
    private <T> Part<T> part(CompletableFuture<T> future, Operator operator, long deadline) {
        return part(future, deadline, f -> explainer.explainPart(f, operator, null, true));
    }

    private <T> Part<T> part(CompletableFuture<T> future, long deadline,
                             java.util.function.Function<GraphFailure, Problem> explain) {
        try {
            return Part.of(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException slow) {
            return Part.failed(explain.apply(new GraphFailure(GraphFailure.Kind.NO_RESPONSE, 0, "", "", "", null, null, null)));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GraphFailure failure) {
                return Part.failed(explain.apply(failure));
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
