package io.tapdesk.graph;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.azure.core.credential.TokenCredential;
import com.microsoft.graph.models.BaseCollectionPaginationCountResponse;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.models.PrivilegedAccessGroupEligibilityScheduleInstanceCollectionResponse;
import com.microsoft.graph.models.TemporaryAccessPassAuthenticationMethod;
import com.microsoft.graph.models.UnifiedRoleEligibilityScheduleInstanceCollectionResponse;
import com.microsoft.kiota.BaseRequestConfiguration;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import io.tapdesk.directory.AuthMethod;
import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.directory.Eligibilities;
import io.tapdesk.directory.EligibleGroup;
import io.tapdesk.directory.EligibleRole;
import io.tapdesk.directory.IssuedPass;
import io.tapdesk.directory.Manager;
import io.tapdesk.directory.Membership;
import io.tapdesk.directory.MethodsAndPass;
import io.tapdesk.directory.PassRequest;
import io.tapdesk.directory.PassSecret;
import io.tapdesk.directory.PassStatus;
import io.tapdesk.directory.PeopleFound;
import io.tapdesk.directory.TapPolicy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The one port to Microsoft Graph. Speaks in TapDesk's records, throws only {@link GraphFailure}, and every call
 * carries a fresh {@code client-request-id} and the operator's own token, except the reads named app-only (the pass
 * policy when the operator may not read it, and PIM eligibility), which carry the app-only credential's token.
 */
@Component
public class GraphGateway {

    static final String[] SEARCH_FIELDS = {
            "id", "displayName", "userPrincipalName", "mail", "accountEnabled", "userType", "creationType", "externalUserState"};
    static final String[] CARD_FIELDS = {
            "id", "displayName", "userPrincipalName", "mail", "accountEnabled", "userType", "creationType",
            "externalUserState", "jobTitle", "department", "mobilePhone", "businessPhones", "onPremisesSyncEnabled"};

    /** Pages of one collection TapDesk follows at most (999 memberships a page: far beyond any real person). */
    static final int MAX_PAGES = 200;
    /** Graph's error code for a PIM read in a tenant without the licence (observed, docs/graph.md §9). */
    static final String NO_PIM_LICENCE = "AadPremiumLicenseRequired";
    private static final java.util.regex.Pattern OBJECT_ID =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");

    private final GraphClients clients;
    private final GraphProperties properties;
    private final ObjectProvider<TokenCredential> appOnly;

    GraphGateway(GraphClients clients, GraphProperties properties, ObjectProvider<TokenCredential> appOnly) {
        this.clients = clients;
        this.properties = properties;
        this.appOnly = appOnly;
    }

    /** Graph {@code $search} on display name, UPN and mail. {@code text} must be free of quotes and backslashes. */
    public List<DirectoryUser> searchUsers(GraphToken token, String text) {
        return call(id -> clients.forToken(token).users().get(cfg -> {
            read(cfg, id);
            cfg.headers.add("ConsistencyLevel", "eventual");
            cfg.queryParameters.search = "\"displayName:" + text + "\" OR \"userPrincipalName:" + text
                    + "\" OR \"mail:" + text + "\"";
            cfg.queryParameters.count = true;
            cfg.queryParameters.select = SEARCH_FIELDS;
            cfg.queryParameters.orderby = new String[]{"displayName"};
            cfg.queryParameters.top = properties.searchLimit();
        })).map(page -> page.getValue() == null ? List.<DirectoryUser>of()
                : page.getValue().stream().map(GraphMapping::user).toList()).orElse(List.of());
    }

    /**
     * Finds people by {@link #searchUsers $search}; when Graph refuses it as an unsupported query although
     * {@code ConsistencyLevel: eventual} was sent (a tenant or a proxy where advanced queries do not work), by a default
     * query instead: {@code $filter} with {@code startswith} on display name, user name and mail, without
     * {@code $orderby} or {@code $count} (either would make it an advanced query again), sorted here.
     *
     * @return the people, sorted by display name, and whether the search was limited
     * @throws GraphFailure as Graph answers the search, or the fallback when it fails too
     */
    public PeopleFound findPeople(GraphToken token, String text) {
        try {
            return new PeopleFound(searchUsers(token, text), false);
        } catch (GraphFailure failure) {
            if (failure.kind() != GraphFailure.Kind.UNSUPPORTED_QUERY) {
                throw failure;
            }
        }
        String literal = "'" + text.replace("'", "''") + "'";
        List<DirectoryUser> found = call(id -> clients.forToken(token).users().get(cfg -> {
            read(cfg, id);
            cfg.queryParameters.filter = "startswith(displayName," + literal + ") or startswith(userPrincipalName,"
                    + literal + ") or startswith(mail," + literal + ")";
            cfg.queryParameters.select = SEARCH_FIELDS;
            cfg.queryParameters.top = properties.searchLimit();
        })).map(page -> page.getValue() == null ? List.<DirectoryUser>of()
                : page.getValue().stream().map(GraphMapping::user).toList()).orElse(List.of());
        return new PeopleFound(found.stream()
                .sorted(java.util.Comparator.comparing((DirectoryUser u) -> u.displayName() == null ? "" : u.displayName(),
                        String.CASE_INSENSITIVE_ORDER))
                .toList(), true);
    }

    public DirectoryUser user(GraphToken token, String userId) {
        return call(id -> clients.forToken(token).users().byUserId(userId).get(cfg -> {
            read(cfg, id);
            cfg.queryParameters.select = CARD_FIELDS;
        })).map(GraphMapping::user).orElseThrow(GraphGateway::notFound);
    }

    /** The person's manager; empty when they have none (Graph answers 404, a normal state). */
    public Optional<Manager> manager(GraphToken token, String userId) {
        try {
            return call(id -> clients.forToken(token).users().byUserId(userId).manager().get(cfg -> read(cfg, id)))
                    .map(GraphMapping::manager);
        } catch (GraphFailure failure) {
            if (failure.kind() == GraphFailure.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    /** The person's registered sign-in methods, and their pass among them, in one call (no query options). */
    public MethodsAndPass methods(GraphToken token, String userId) {
        var all = call(id -> clients.forToken(token).users().byUserId(userId).authentication().methods()
                .get(cfg -> read(cfg, id)))
                .map(page -> page.getValue() == null ? List.<com.microsoft.graph.models.AuthenticationMethod>of() : page.getValue())
                .orElse(List.of());
        PassStatus pass = all.stream()
                .filter(m -> m instanceof com.microsoft.graph.models.TemporaryAccessPassAuthenticationMethod)
                .map(m -> GraphMapping.pass((com.microsoft.graph.models.TemporaryAccessPassAuthenticationMethod) m))
                .findFirst().orElse(PassStatus.none());
        return new MethodsAndPass(all.stream().map(GraphMapping::method).toList(), pass);
    }

    /**
     * Active directory roles and groups, transitively, every page ({@code @odata.nextLink} followed to the end):
     * "List a user's memberships (direct and transitive)", docs/graph.md §1.10. Roles only eligible through PIM do
     * not show here: see {@link #eligibleRoles}.
     *
     * @throws GraphFailure as Graph answers any page, or {@code OTHER}/{@code tooManyPages} past {@value #MAX_PAGES} pages
     */
    public List<Membership> memberships(GraphToken token, String userId) {
        var request = clients.forToken(token).users().byUserId(userId).transitiveMemberOf();
        return allPages(id -> request.get(cfg -> {
                    read(cfg, id);
                    cfg.queryParameters.top = 999;
                }),
                (next, id) -> request.withUrl(next).get(cfg -> read(cfg, id)),
                DirectoryObjectCollectionResponse::getValue, GraphMapping::membership);
    }

    /**
     * The groups the person owns, every page ({@code GET /users/{id}/ownedObjects/graph.group}, the SDK's spelling of
     * the {@code microsoft.graph.group} cast; "List ownedObjects"), with the operator's token: the permission reference lists no application permission for this
     * call, and the delegated {@code User.Read.All} TapDesk already has suffices. Owners of a role-assignable group
     * can change its members, so Entra protects them like its members (docs/graph.md §9).
     */
    public List<Membership> ownedGroups(GraphToken token, String userId) {
        var request = clients.forToken(token).users().byUserId(userId).ownedObjects().graphGroup();
        return allPages(id -> request.get(cfg -> {
                    read(cfg, id);
                    cfg.queryParameters.select = new String[]{"id", "displayName", "isAssignableToRole"};
                }),
                (next, id) -> request.withUrl(next).get(cfg -> read(cfg, id)),
                GroupCollectionResponse::getValue, GraphMapping::membership);
    }

    /**
     * The tenant's role-assignable groups, read app-only, every page
     * ({@code GET /groups?$filter=isAssignableToRole eq true&$select=id,displayName,isAssignableToRole&$count=true},
     * header {@code ConsistencyLevel: eventual}; application permission GroupMember.Read.All or Group.Read.All).
     * Sent as an advanced query: harmless where a default query would do, and Graph refuses some filters on groups
     * without it (docs/graph.md §11). A group Graph marks {@code isAssignableToRole: false} (a filter ignored) is left
     * out; one without the property is kept: the stricter reading.
     *
     * @throws GraphFailure as Graph answers any page; {@code ACCESS_DENIED}/{@code noAppOnlyCredential} without a credential
     */
    List<Membership> roleAssignableGroupsAppOnly() {
        var request = appOnlyClient().groups();
        return allPages(id -> request.get(cfg -> {
                    read(cfg, id);
                    cfg.headers.add("ConsistencyLevel", "eventual");
                    cfg.queryParameters.filter = "isAssignableToRole eq true";
                    cfg.queryParameters.count = true;
                    cfg.queryParameters.select = new String[]{"id", "displayName", "isAssignableToRole"};
                    cfg.queryParameters.top = 999;
                }),
                // the next link keeps the query; the header is not part of it, so it goes again
                (next, id) -> request.withUrl(next).get(cfg -> {
                    read(cfg, id);
                    cfg.headers.add("ConsistencyLevel", "eventual");
                }),
                GroupCollectionResponse::getValue, g -> g)
                .stream().filter(g -> !Boolean.FALSE.equals(g.getIsAssignableToRole()))
                .map(g -> {
                    if (g.getId() == null || g.getId().isBlank()) {
                        // a group TapDesk cannot name cannot have its owners read: the list would be incomplete
                        throw new GraphFailure(GraphFailure.Kind.OTHER, 0, "groupWithoutId", "", "", null, null, null);
                    }
                    var membership = GraphMapping.membership(g);
                    return new Membership(Membership.Type.GROUP, membership.id(), membership.displayName(), true);
                }).toList();
    }

    /**
     * The object ids of a group's owners (users, service principals), read app-only, every page
     * ({@code GET /groups/{id}/owners?$select=id}, "List group owners", application permission GroupMember.Read.All).
     *
     * @throws GraphFailure as Graph answers any page; {@code ACCESS_DENIED}/{@code noAppOnlyCredential} without a credential
     */
    List<String> groupOwnerIdsAppOnly(String groupId) {
        var request = appOnlyClient().groups().byGroupId(groupId).owners();
        return allPages(id -> request.get(cfg -> {
                    read(cfg, id);
                    cfg.queryParameters.select = new String[]{"id"};
                    cfg.queryParameters.top = 999;
                }),
                (next, id) -> request.withUrl(next).get(cfg -> read(cfg, id)),
                DirectoryObjectCollectionResponse::getValue, com.microsoft.graph.models.DirectoryObject::getId)
                .stream().filter(java.util.Objects::nonNull).toList();
    }

    /**
     * The directory roles the person is eligible for through PIM, read app-only
     * ({@code GET /roleManagement/directory/roleEligibilityScheduleInstances?$filter=principalId eq '{id}'&$expand=roleDefinition},
     * application permission RoleEligibilitySchedule.Read.Directory), every page.
     *
     * @return the roles, or {@link Eligibilities#noPimLicence()} when Graph answers that the tenant has no PIM licence
     * @throws GraphFailure as Graph answers otherwise; {@code ACCESS_DENIED}/{@code noAppOnlyCredential} without a credential
     */
    public Eligibilities<EligibleRole> eligibleRoles(String userId) {
        var request = appOnlyClient().roleManagement().directory().roleEligibilityScheduleInstances();
        String filter = principalFilter(userId);
        return pim(() -> allPages(id -> request.get(cfg -> {
                    read(cfg, id);
                    cfg.queryParameters.filter = filter;
                    cfg.queryParameters.expand = new String[]{"roleDefinition"};
                }),
                (next, id) -> request.withUrl(next).get(cfg -> read(cfg, id)),
                UnifiedRoleEligibilityScheduleInstanceCollectionResponse::getValue, i -> i)
                // Graph filtered by the person: an instance naming someone else (a filter ignored) is not about them
                .stream().filter(i -> i.getPrincipalId() == null || i.getPrincipalId().equalsIgnoreCase(userId))
                .map(GraphMapping::eligibleRole).toList());
    }

    /**
     * The groups the person is eligible to join as member or owner through PIM for Groups, read app-only
     * ({@code GET /identityGovernance/privilegedAccess/group/eligibilityScheduleInstances?$filter=principalId eq '{id}'&$expand=group},
     * application permission PrivilegedEligibilitySchedule.Read.AzureADGroup), every page.
     *
     * @return the groups, or {@link Eligibilities#noPimLicence()} when Graph answers that the tenant has no PIM licence
     * @throws GraphFailure as Graph answers otherwise; {@code ACCESS_DENIED}/{@code noAppOnlyCredential} without a credential
     */
    public Eligibilities<EligibleGroup> eligibleGroups(String userId) {
        var request = appOnlyClient().identityGovernance().privilegedAccess().group().eligibilityScheduleInstances();
        String filter = principalFilter(userId);
        return pim(() -> allPages(id -> request.get(cfg -> {
                    read(cfg, id);
                    cfg.queryParameters.filter = filter;
                    cfg.queryParameters.expand = new String[]{"group"};
                }),
                (next, id) -> request.withUrl(next).get(cfg -> read(cfg, id)),
                PrivilegedAccessGroupEligibilityScheduleInstanceCollectionResponse::getValue, i -> i)
                .stream().filter(i -> i.getPrincipalId() == null || i.getPrincipalId().equalsIgnoreCase(userId))
                .map(GraphMapping::eligibleGroup).toList());
    }

    /**
     * A tenant without a PIM licence (Entra ID P2 or ID Governance) answers the PIM reads with a 4xx whose code is
     * {@value #NO_PIM_LICENCE} (observed: 400, "The tenant needs an AAD Premium 2 license.", docs/graph.md §9): nobody
     * there can be eligible. Any other failure stays a failure, and the caller counts the person as privileged.
     */
    private static <T> Eligibilities<T> pim(java.util.function.Supplier<List<T>> read) {
        try {
            return Eligibilities.found(read.get());
        } catch (GraphFailure failure) {
            if (failure.status() / 100 == 4 && NO_PIM_LICENCE.equalsIgnoreCase(failure.code())) {
                return Eligibilities.noPimLicence();
            }
            throw failure;
        }
    }

    private static String principalFilter(String userId) {
        // the id goes into an OData string literal: only an object id (a GUID) may
        if (userId == null || !OBJECT_ID.matcher(userId).matches()) {
            throw new IllegalArgumentException("not an object id");
        }
        return "principalId eq '" + userId + "'";
    }

    /** The app-only Graph client ({@code tapdesk.app-only}); {@code ACCESS_DENIED}/{@code noAppOnlyCredential} without one. */
    com.microsoft.graph.serviceclient.GraphServiceClient appOnlyClient() {
        TokenCredential credential = appOnly.getIfAvailable();
        if (credential == null) {
            throw new GraphFailure(GraphFailure.Kind.ACCESS_DENIED, 403, "noAppOnlyCredential", "", "", null, null, null);
        }
        return clients.forCredential(credential);
    }

    interface FirstPage<P> {
        P get(CallRecord record);
    }

    interface NextPage<P> {
        P get(String nextLink, CallRecord record);
    }

    /**
     * Every item of a paged collection: the first page, then each {@code @odata.nextLink} as Graph gave it (it keeps
     * the query), each page its own call with its own ids and retry budget. A next link outside the Graph root, or
     * more than {@value #MAX_PAGES} pages, is a failure: the list would be incomplete, and the caller fails closed.
     */
    private <P extends BaseCollectionPaginationCountResponse, V, T> List<T> allPages(
            FirstPage<P> first, NextPage<P> next, java.util.function.Function<P, List<V>> values,
            java.util.function.Function<V, T> map) {
        return allPages(MAX_PAGES, first, next, values, map);
    }

    /** {@link #allPages(FirstPage, NextPage, java.util.function.Function, java.util.function.Function)} with at most {@code maxPages} pages. */
    <P extends BaseCollectionPaginationCountResponse, V, T> List<T> allPages(int maxPages,
            FirstPage<P> first, NextPage<P> next, java.util.function.Function<P, List<V>> values,
            java.util.function.Function<V, T> map) {
        List<T> all = new java.util.ArrayList<>();
        P page = call(first::get).orElse(null);
        for (int pages = 1; page != null; pages++) {
            if (values.apply(page) != null) {
                values.apply(page).stream().filter(java.util.Objects::nonNull).map(map).forEach(all::add);
            }
            String link = page.getOdataNextLink();
            if (link == null || link.isBlank()) {
                break;
            }
            if (pages >= maxPages || !clients.underGraphRoot(link)) {
                throw new GraphFailure(GraphFailure.Kind.OTHER, 0, pages >= maxPages ? "tooManyPages" : "foreignNextLink",
                        "", "", null, null, null);
            }
            page = call(id -> next.get(link, id)).orElse(null);
        }
        return all;
    }

    /** The tenant's pass policy with the operator's token (needs Global Reader or Authentication Policy Administrator). */
    public TapPolicy tapPolicy(GraphToken token) {
        return policy(clients.forToken(token));
    }

    /** Whether an app-only credential ({@code tapdesk.app-only.*}) is configured for reads the operator may lack. */
    public boolean appOnlyConfigured() {
        return appOnly.getIfAvailable() != null;
    }

    /**
     * The app-only credential's token as a {@link GraphToken}, for reading a person with no operator present (a pass
     * picked up by its recipient): the same reads as the card, with the application permissions of
     * {@code tapdesk.app-only} (User.Read.All, GroupMember.Read.All, UserAuthenticationMethod.Read.All). That
     * registration cannot create passes; only {@link PickupGraph} can.
     *
     * @throws GraphFailure {@code ACCESS_DENIED} when no app-only credential is configured
     */
    public GraphToken appOnlyToken() {
        TokenCredential credential = appOnly.getIfAvailable();
        if (credential == null) {
            throw new GraphFailure(GraphFailure.Kind.ACCESS_DENIED, 403, "noAppOnlyCredential", "", "", null, null, null);
        }
        try {
            return new GraphToken(clients.appOnlyToken(credential));
        } catch (RuntimeException e) {
            throw GraphFailures.from(e, new CallRecord(UUID.randomUUID().toString()));
        }
    }

    /**
     * The tenant's pass policy read app-only (application permission Policy.Read.AuthenticationMethod).
     *
     * @throws GraphFailure {@code ACCESS_DENIED} when no app-only credential is configured, or as Graph answers
     */
    public TapPolicy tapPolicyAppOnly() {
        return policy(appOnlyClient());
    }

    private TapPolicy policy(com.microsoft.graph.serviceclient.GraphServiceClient client) {
        return call(id -> client.policies().authenticationMethodsPolicy().authenticationMethodConfigurations()
                .byAuthenticationMethodConfigurationId("TemporaryAccessPass").get(cfg -> read(cfg, id)))
                .map(GraphMapping::policy).orElseThrow(GraphGateway::notFound);
    }

    /** The person's pass, if any (Graph keeps at most one). */
    public PassStatus currentPass(GraphToken token, String userId) {
        return currentPass(clients.forToken(token), userId);
    }

    /** The person's pass read with {@code client} (the pickup's own credential: {@link PickupGraph}). */
    PassStatus currentPass(com.microsoft.graph.serviceclient.GraphServiceClient client, String userId) {
        return call(id -> client.users().byUserId(userId).authentication()
                .temporaryAccessPassMethods().get(cfg -> read(cfg, id)))
                .map(page -> page.getValue() == null || page.getValue().isEmpty()
                        ? PassStatus.none() : GraphMapping.pass(page.getValue().get(0)))
                .orElse(PassStatus.none());
    }

    /**
     * Creates a pass, replacing any existing one. Never re-sent automatically except after a 429; when the failure
     * {@link GraphFailure#outcomeUnknown() leaves the outcome unknown}, the caller must show the current status.
     */
    public IssuedPass createPass(GraphToken token, String userId, PassRequest request) {
        return createPass(clients.forWrite(token), userId, request);
    }

    /** {@link #createPass(GraphToken, String, PassRequest)} with {@code client} (a write client: never re-sent). */
    IssuedPass createPass(com.microsoft.graph.serviceclient.GraphServiceClient client, String userId, PassRequest request) {
        var body = new TemporaryAccessPassAuthenticationMethod();
        body.setLifetimeInMinutes(request.lifetimeMinutes());
        body.setIsUsableOnce(request.usableOnce());
        if (request.start() != null) {
            body.setStartDateTime(OffsetDateTime.ofInstant(request.start(), ZoneOffset.UTC));
        }
        CallRecord[] record = new CallRecord[1];
        var created = call(id -> {
            record[0] = id;
            return client.users().byUserId(userId).authentication()
                    .temporaryAccessPassMethods().post(body, cfg -> configure(cfg, id, RetryBudget.forCreate(properties)));
        }).orElseThrow(() -> valueMissing(record[0], "emptyBody"));
        String value = created.getTemporaryAccessPass();
        if (value == null || value.isBlank()) {
            // a 201 without the value (two public TAP tools guard against this answer): a pass exists nobody has seen,
            // so the caller must treat it as an unknown outcome, never show an empty pass
            throw valueMissing(record[0], "noPassValue");
        }
        return new IssuedPass(new PassSecret(value), GraphMapping.pass(created), record[0].requestId());
    }

    /** Revokes the pass. Returns false when Graph says it was already gone. */
    public boolean revokePass(GraphToken token, String userId, String passId) {
        try {
            call(id -> {
                clients.forWrite(token).users().byUserId(userId).authentication().temporaryAccessPassMethods()
                        .byTemporaryAccessPassAuthenticationMethodId(passId)
                        .delete(cfg -> configure(cfg, id, RetryBudget.forDelete(properties)));
                return Boolean.TRUE;
            });
            return true;
        } catch (GraphFailure failure) {
            if (failure.kind() == GraphFailure.Kind.NOT_FOUND) {
                return false;
            }
            throw failure;
        }
    }

    /** The deadline ({@link System#nanoTime()}) of the reads running on this thread, if they have one. */
    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    /**
     * Runs {@code reads} on this thread with a deadline ({@link System#nanoTime()} units): a retry is made only when
     * its wait (Graph's {@code Retry-After}, or the back-off) takes at most half the time left, so a throttled read
     * answers "busy, try again in N seconds" with Graph's ids instead of running out of time waiting.
     */
    public static <T> T before(long deadlineNanos, java.util.function.Supplier<T> reads) {
        Long previous = DEADLINE.get();
        DEADLINE.set(deadlineNanos);
        try {
            return reads.get();
        } finally {
            if (previous == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(previous);
            }
        }
    }

    private void read(BaseRequestConfiguration cfg, CallRecord record) {
        configure(cfg, record, RetryBudget.forRead(properties, DEADLINE.get()));
    }

    private static void configure(BaseRequestConfiguration cfg, CallRecord record, RetryHandlerOption retry) {
        cfg.headers.add("client-request-id", record.clientRequestId());
        cfg.options.add(record);
        cfg.options.add(retry);
    }

    private interface GraphCall<T> {
        T run(CallRecord record);
    }

    private static <T> Optional<T> call(GraphCall<T> graphCall) {
        CallRecord record = new CallRecord(UUID.randomUUID().toString());
        try {
            return Optional.ofNullable(graphCall.run(record));
        } catch (RuntimeException e) {
            throw GraphFailures.from(e, record);
        }
    }

    private static GraphFailure valueMissing(CallRecord record, String code) {
        return new GraphFailure(GraphFailure.Kind.VALUE_MISSING, 201, code,
                record == null ? "" : record.requestId(), record == null ? "" : record.clientRequestId(), null, null, null);
    }

    private static GraphFailure notFound() {
        return new GraphFailure(GraphFailure.Kind.NOT_FOUND, 404, "", "", "", null, null, null);
    }
}
