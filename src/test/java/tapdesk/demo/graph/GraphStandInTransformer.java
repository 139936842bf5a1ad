package tapdesk.demo.graph;

import static tapdesk.demo.graph.GraphAnswers.error;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople.Behaviour;
import tapdesk.demo.DemoPeople.Person;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.graph.GraphAnswers.Answer;
import tapdesk.demo.graph.GraphAnswers.Ids;
import tools.jackson.databind.JsonNode;

/**
 * Answers Graph's calls from {@link StandInState}, with Graph's JSON, headers and errors (docs/graph.md), including the
 * role rules Entra applies to the caller and the failures of the seeded failing people.
 */
final class GraphStandInTransformer implements ResponseDefinitionTransformerV2 {

    static final String NAME = "graph-stand-in";

    private static final Pattern USER = Pattern.compile("^/users/([^/]+)$");
    private static final Pattern MANAGER = Pattern.compile("^/users/([^/]+)/manager$");
    private static final Pattern METHODS = Pattern.compile("^/users/([^/]+)/authentication/methods$");
    private static final Pattern MEMBER_OF = Pattern.compile("^/users/([^/]+)/transitiveMemberOf$");
    private static final Pattern PASSES = Pattern.compile("^/users/([^/]+)/authentication/temporaryAccessPassMethods$");
    private static final Pattern PASS = Pattern.compile("^/users/([^/]+)/authentication/temporaryAccessPassMethods/([^/]+)$");
    private static final Pattern POLICY = Pattern.compile(
            "^/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/(?i:temporaryAccessPass)$");
    private static final Pattern OWNED_GROUPS = Pattern.compile("^/users/([^/]+)/ownedObjects/(?:microsoft\\.)?graph\\.group$");
    private static final Pattern GROUP_OWNERS = Pattern.compile("^/groups/([^/]+)/owners$");
    private static final Pattern ROLE_ASSIGNABLE_FILTER = Pattern.compile("^\\s*isAssignableToRole eq true\\s*$");
    private static final Pattern ROLE_ELIGIBILITY = Pattern.compile("^/roleManagement/directory/roleEligibilityScheduleInstances$");
    private static final Pattern GROUP_ELIGIBILITY = Pattern.compile(
            "^/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances$");
    private static final Pattern FILTER_EQ = Pattern.compile("^\\s*(principalId|groupId) eq '([^']*)'\\s*$");
    /** The new hires' query (issue 19): both bounds, as TapDesk sends it. */
    private static final Pattern HIRE_DATE = Pattern.compile(
            "^\\s*employeeHireDate ge (\\S+) and employeeHireDate le (\\S+)\\s*$");
    private static final Pattern SEARCH_CLAUSE = Pattern.compile("\"(\\w+):([^\"]*)\"");

    private static final List<String> DEFAULT_USER_FIELDS = List.of(
            "businessPhones", "displayName", "givenName", "id", "jobTitle", "mail", "mobilePhone", "officeLocation",
            "preferredLanguage", "surname", "userPrincipalName");

    private final StandInState state;
    /** The stand-in's own root, as Graph names itself in contexts and next links; known once the port is. */
    private volatile String root;

    GraphStandInTransformer(StandInState state, String root) {
        this.state = state;
        this.root = root;
    }

    /** With a port picked at start, the root is known only then. */
    void root(String root) {
        this.root = root;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        String clientRequestId = request.getHeader("client-request-id");
        Ids ids = new Ids(UUID.randomUUID().toString(), clientRequestId == null ? UUID.randomUUID().toString() : clientRequestId);
        String path = URI.create(request.getUrl()).getRawPath().replaceFirst("^/v1\\.0", "");
        Caller caller = Caller.from(request.getHeader("Authorization"));
        Answer answer;
        Person about = null;
        if (caller == null) {
            answer = error(401, "InvalidAuthenticationToken", "Access token is empty.", ids);
        } else {
            state.recordToken(request.getHeader("Authorization"));
            Matcher m;
            if ((m = USER.matcher(path)).matches() || (m = MANAGER.matcher(path)).matches()
                    || (m = PASSES.matcher(path)).matches() || (m = PASS.matcher(path)).matches()
                    || (m = METHODS.matcher(path)).matches() || (m = MEMBER_OF.matcher(path)).matches()
                    || (m = OWNED_GROUPS.matcher(path)).matches()) {
                about = state.person(decode(m.group(1))).orElse(null);
            }
            Answer unscoped = Scopes.refusal(caller, request.getMethod().getName(), path, ids);
            answer = unscoped != null ? unscoped : route(request, path, caller, about, ids);
        }
        boolean profile = USER.matcher(path).matches();
        String method = request.getMethod().getName();
        boolean create = method.equals("POST") && path.endsWith("/temporaryAccessPassMethods");
        StandInState.Call call = METHODS.matcher(path).matches() ? StandInState.Call.METHODS
                : PASSES.matcher(path).matches() && method.equals("GET") ? StandInState.Call.PASS_LIST
                : PASS.matcher(path).matches() && method.equals("DELETE") ? StandInState.Call.PASS_DELETE : null;
        return respond(answer, ids, about, profile, create, call == null ? java.time.Duration.ZERO : state.delay(call));
    }

    private Answer route(Request request, String path, Caller caller, Person about, Ids ids) {
        String method = request.getMethod().getName();
        Matcher m;
        if (StandInMail.handles(path, method)) return state.mail().send(request, path, caller, ids);
        Answer messaging = StandInChats.route(state, root, request, path, caller, ids);
        if (messaging != null) {
            return messaging;
        }
        if (path.equals("/users") && method.equals("GET")) {
            return search(request, ids);
        }
        if (path.equals("/me") && method.equals("GET")) {
            return state.person(caller.objectId()).map(p -> Answer.ok(user(p, List.of(), "users/$entity")))
                    .orElseGet(() -> notFound(caller.objectId(), ids));
        }
        if (POLICY.matcher(path).matches() && method.equals("GET")) {
            return policy(caller, ids);
        }
        if ((m = USER.matcher(path)).matches() && method.equals("GET")) {
            if (about == null || about.behaviour() == Behaviour.GONE) {
                return notFound(decode(m.group(1)), ids);
            }
            return Answer.ok(user(about, selected(request), "users/$entity"));
        }
        if (MANAGER.matcher(path).matches() && method.equals("GET")) {
            if (about == null || about.behaviour() == Behaviour.GONE) {
                return notFound(lastSegment(path), ids);
            }
            if (state.managerIsContact(about.id())) {
                return Answer.ok(new LinkedHashMap<>(Map.of("@odata.context", root + "/$metadata#directoryObjects/$entity",
                        "@odata.type", "#microsoft.graph.orgContact", "id", "c0ffee00-0000-4000-8000-000000000001",
                        "displayName", "Sara Davis (partner)", "mail", "sara@partner.example")));
            }
            return state.person(state.managerId(about).orElse(""))
                    .map(p -> {
                        Map<String, Object> json = user(p, List.of("id", "displayName", "mail", "userPrincipalName", "jobTitle"), "directoryObjects/$entity");
                        json.put("@odata.type", "#microsoft.graph.user");
                        return Answer.ok(json);
                    })
                    .orElseGet(() -> error(404, "Request_ResourceNotFound",
                            "Resource 'manager' does not exist or one of its queried reference-property objects are not present.", ids));
        }
        if (MEMBER_OF.matcher(path).matches() && method.equals("GET")) {
            state.recordReadCaller(StandInState.Read.MEMBERSHIPS, caller);
            Answer failed = failed(StandInState.Read.MEMBERSHIPS, ids);
            if (failed != null) {
                return failed;
            }
            if (about == null || about.behaviour() == Behaviour.GONE || about.behaviour() == Behaviour.MEMBERSHIPS_NOT_FOUND) {
                return notFound(lastSegment(path), ids);
            }
            return page(request, path, root + "/$metadata#directoryObjects", DemoPeople.details(about).memberOf(), ids);
        }
        if (OWNED_GROUPS.matcher(path).matches() && method.equals("GET")) {
            state.recordReadCaller(StandInState.Read.OWNED_OBJECTS, caller);
            Answer failed = failed(StandInState.Read.OWNED_OBJECTS, ids);
            if (failed != null) {
                return failed;
            }
            if (about == null || about.behaviour() == Behaviour.GONE) {
                return notFound(decode(path.split("/")[2]), ids);
            }
            List<String> fields = selected(request);
            List<Map<String, Object>> owned = DemoPeople.ownedGroups().getOrDefault(about.id(), List.of()).stream()
                    .map(g -> select(group(g), fields)).toList();
            return page(request, path, root + "/$metadata#groups" + (fields.isEmpty() ? "" : "(" + String.join(",", fields) + ")"),
                    owned, ids);
        }
        if (path.equals("/groups") && method.equals("GET")) {
            return roleAssignableGroups(request, path, caller, ids);
        }
        if ((m = GROUP_OWNERS.matcher(path)).matches() && method.equals("GET")) {
            return groupOwners(request, path, decode(m.group(1)), caller, ids);
        }
        if (ROLE_ELIGIBILITY.matcher(path).matches() && method.equals("GET")) {
            return roleEligibility(request, path, caller, ids);
        }
        if (GROUP_ELIGIBILITY.matcher(path).matches() && method.equals("GET")) {
            return groupEligibility(request, path, caller, ids);
        }
        if (METHODS.matcher(path).matches() && method.equals("GET")) {
            return methods(caller, about, ids);
        }
        if (path.equals("/$batch") && method.equals("POST")) {
            return StandInBatch.answer(request, ids, (inner, innerIds) -> batched(caller, inner, innerIds));
        }
        return routeRest(request, path, caller, about, ids, method);
    }

    /** An inner request of a {@code $batch}: the methods list only (what TapDesk batches), by the same handler. */
    private Answer batched(Caller caller, StandInBatch.Inner inner, Ids ids) {
        Matcher m = METHODS.matcher(inner.path());
        if (!inner.method().equals("GET") || !m.matches()) {
            return error(400, "BadRequest", "The stand-in batches only GET /users/{id}/authentication/methods.", ids);
        }
        String id = decode(m.group(1));
        if (state.newHires().takeThrottle(id)) {
            return GraphAnswers.throttled(ids, state.retryAfter());
        }
        return methods(caller, state.person(id).orElse(null), ids);
    }

    /** {@code GET /users/{id}/authentication/methods}, alone or inside a {@code $batch}. */
    private Answer methods(Caller caller, Person about, Ids ids) {
        {
            if (about == null || about.behaviour() == Behaviour.GONE) {
                return error(404, "itemNotFound", "The user could not be found.", ids);
            }
            if (state.settingUp(about.id())) {
                return error(404, "itemNotFound", "The user could not be found.", ids);
            }
            Answer refused = authorize(caller, about, false, ids);
            if (refused != null) {
                return refused;
            }
            if (about.behaviour() == Behaviour.THROTTLED) {
                return GraphAnswers.throttled(ids, state.retryAfter());
            }
            Answer failed = failed(StandInState.Call.METHODS, ids);
            if (failed != null) {
                return failed;
            }
            List<Object> methods = new java.util.ArrayList<>(state.newHires().methods(about.id())
                    .orElseGet(() -> DemoPeople.details(about).methods()));
            state.pass(about.id()).ifPresent(p -> methods.add(pass(p, null, about, true)));
            return Answer.ok(Map.of("@odata.context", context(about, "authentication/methods"), "value", methods));
        }
    }

    private Answer routeRest(Request request, String path, Caller caller, Person about, Ids ids, String method) {
        Matcher m;
        boolean passes = PASSES.matcher(path).matches();
        Matcher one = PASS.matcher(path);
        boolean pass = one.matches();
        if (passes || pass) {
            if (about == null || about.behaviour() == Behaviour.GONE || state.settingUp(about.id())) {
                return error(404, "itemNotFound", "The user could not be found.", ids);
            }
            Answer refused = authorize(caller, about, !method.equals("GET"), ids);
            if (refused != null) {
                return refused;
            }
            if (about.behaviour() == Behaviour.THROTTLED) {
                return GraphAnswers.throttled(ids, state.retryAfter());
            }
            Answer failed = passes && method.equals("GET") ? failed(StandInState.Call.PASS_LIST, ids)
                    : pass && method.equals("DELETE") ? failed(StandInState.Call.PASS_DELETE, ids) : null;
            if (failed != null) {
                return failed;
            }
            if (passes && method.equals("GET")) {
                return Answer.ok(Map.of("@odata.context", context(about, "authentication/temporaryAccessPassMethods"),
                        "value", state.pass(about.id()).map(p -> List.of(pass(p, null, about, false))).orElse(List.of())));
            }
            if (passes && method.equals("POST")) {
                return create(request, caller, about, ids);
            }
            if (pass && method.equals("GET")) {
                return state.pass(about.id()).filter(p -> p.id().equals(decode(one.group(2))))
                        .map(p -> Answer.ok(pass(p, null, about, true)))
                        .orElseGet(() -> error(404, "itemNotFound", "The temporary access pass could not be found.", ids));
            }
            if (pass && method.equals("DELETE")) {
                return state.delete(about.id(), decode(one.group(2))) ? new Answer(204, null, null, false)
                        : error(404, "itemNotFound", "The temporary access pass could not be found.", ids);
            }
        }
        return error(400, "BadRequest", "Resource not found for the segment '" + lastSegment(path) + "'.", ids);
    }

    /**
     * {@code GET /groups?$filter=isAssignableToRole eq true}: the tenant's role-assignable groups, paged. Only that
     * filter is understood (anything else is a 400, as an unsupported filter is); {@code $count} without
     * {@code ConsistencyLevel: eventual} is refused as Graph refuses it on directory objects (advanced queries).
     */
    private Answer roleAssignableGroups(Request request, String path, Caller caller, Ids ids) {
        state.recordReadCaller(StandInState.Read.ROLE_ASSIGNABLE_GROUPS, caller);
        Answer failed = failed(StandInState.Read.ROLE_ASSIGNABLE_GROUPS, ids);
        if (failed != null) {
            return failed;
        }
        String count = queryParameter(request, "$count");
        if (count != null && count.equalsIgnoreCase("true") && !"eventual".equalsIgnoreCase(request.getHeader("ConsistencyLevel"))) {
            return error(400, "Request_UnsupportedQuery",
                    "Count is not currently supported without the ConsistencyLevel header set to eventual.", ids);
        }
        String filter = queryParameter(request, "$filter");
        if (filter == null || !ROLE_ASSIGNABLE_FILTER.matcher(filter).matches()) {
            return error(400, "Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified.", ids);
        }
        List<String> fields = selected(request);
        List<Map<String, Object>> groups = DemoPeople.roleAssignableGroups().stream().map(g -> select(group(g), fields)).toList();
        return page(request, path, root + "/$metadata#groups" + (fields.isEmpty() ? "" : "(" + String.join(",", fields) + ")"),
                groups, ids);
    }

    /**
     * {@code GET /groups/{id}/owners}: the owners of a seeded role-assignable group (users and a service principal),
     * paged; an unknown group is a 404, as Graph answers it.
     */
    private Answer groupOwners(Request request, String path, String groupId, Caller caller, Ids ids) {
        state.recordReadCaller(StandInState.Read.GROUP_OWNERS, caller);
        Answer failed = failed(StandInState.Read.GROUP_OWNERS, ids);
        if (failed != null) {
            return failed;
        }
        if (DemoPeople.group(groupId).isEmpty()) {
            return notFound(groupId, ids);
        }
        List<String> fields = selected(request);
        List<Map<String, Object>> owners = DemoPeople.groupOwners(groupId).stream().map(id -> {
            Map<String, Object> owner = new LinkedHashMap<>();
            boolean person = state.person(id).isPresent();
            owner.put("@odata.type", person ? "#microsoft.graph.user" : "#microsoft.graph.servicePrincipal");
            owner.put("id", id);
            if (fields.isEmpty() || fields.contains("displayName")) {
                owner.put("displayName", state.person(id).map(Person::displayName).orElse("Group automation"));
            }
            return owner;
        }).toList();
        return page(request, path, root + "/$metadata#directoryObjects", owners, ids);
    }

    /**
     * {@code GET /roleManagement/directory/roleEligibilityScheduleInstances?$filter=principalId eq '…'}: the PIM
     * eligibilities for directory roles, with the role definition when {@code $expand=roleDefinition} asks for it.
     */
    private Answer roleEligibility(Request request, String path, Caller caller, Ids ids) {
        state.recordReadCaller(StandInState.Read.ROLE_ELIGIBILITY, caller);
        Answer refused = pimRefusal(StandInState.Read.ROLE_ELIGIBILITY, caller, ids);
        if (refused != null) {
            return refused;
        }
        Matcher filter = FILTER_EQ.matcher(java.util.Objects.toString(queryParameter(request, "$filter"), ""));
        boolean all = queryParameter(request, "$filter") == null;
        if (!all && !(filter.matches() && filter.group(1).equals("principalId"))) {
            return error(400, "BadRequest", "Invalid filter clause", ids);
        }
        boolean expand = expanded(request, "roleDefinition");
        List<Map<String, Object>> instances = DemoPeople.eligibleRoles().stream()
                .filter(e -> all || e.principalId().equalsIgnoreCase(filter.group(2)))
                .map(e -> {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("id", "eligible-" + e.principalId() + "-" + e.roleDefinitionId());
                    json.put("principalId", e.principalId());
                    json.put("roleDefinitionId", e.roleDefinitionId());
                    json.put("directoryScopeId", "/");
                    json.put("appScopeId", null);
                    json.put("startDateTime", GraphAnswers.date(state.now().minus(java.time.Duration.ofDays(30))));
                    json.put("endDateTime", null);
                    json.put("memberType", "Direct");
                    json.put("roleEligibilityScheduleId", UUID.nameUUIDFromBytes((e.principalId() + e.roleDefinitionId()).getBytes(StandardCharsets.UTF_8)).toString());
                    if (expand) {
                        Map<String, Object> definition = new LinkedHashMap<>();
                        definition.put("id", e.roleDefinitionId());
                        definition.put("description", "Can manage all aspects of the directory.");
                        definition.put("displayName", e.displayName());
                        definition.put("isBuiltIn", true);
                        definition.put("isEnabled", true);
                        definition.put("templateId", e.roleDefinitionId());
                        json.put("roleDefinition", definition);
                    }
                    return json;
                }).toList();
        return page(request, path, root + "/$metadata#roleManagement/directory/roleEligibilityScheduleInstances", instances, ids);
    }

    /**
     * {@code GET /identityGovernance/privilegedAccess/group/eligibilityScheduleInstances?$filter=principalId eq '…'}:
     * PIM for Groups, member and owner; a filter on principalId or groupId is required (docs), and {@code $expand=group}
     * adds the group.
     */
    private Answer groupEligibility(Request request, String path, Caller caller, Ids ids) {
        state.recordReadCaller(StandInState.Read.GROUP_ELIGIBILITY, caller);
        Answer refused = pimRefusal(StandInState.Read.GROUP_ELIGIBILITY, caller, ids);
        if (refused != null) {
            return refused;
        }
        Matcher filter = FILTER_EQ.matcher(java.util.Objects.toString(queryParameter(request, "$filter"), ""));
        if (!filter.matches()) {
            return error(400, "BadRequest", "The request must filter on principalId or groupId.", ids);
        }
        boolean byPrincipal = filter.group(1).equals("principalId");
        boolean expand = expanded(request, "group");
        List<Map<String, Object>> instances = DemoPeople.groupEligibilities().stream()
                .filter(e -> (byPrincipal ? e.principalId() : e.groupId()).equalsIgnoreCase(filter.group(2)))
                .map(e -> {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("id", e.groupId() + "_" + e.access() + "_" + e.principalId());
                    json.put("startDateTime", GraphAnswers.date(state.now().minus(java.time.Duration.ofDays(30))));
                    json.put("endDateTime", null);
                    json.put("accessId", e.access());
                    json.put("principalId", e.principalId());
                    json.put("groupId", e.groupId());
                    json.put("memberType", "Direct");
                    json.put("eligibilityScheduleId", e.groupId() + "_" + e.access() + "_schedule");
                    if (expand) {
                        DemoPeople.group(e.groupId()).ifPresent(g -> json.put("group", group(g)));
                    }
                    return json;
                }).toList();
        return page(request, path, root + "/$metadata#identityGovernance/privilegedAccess/group/eligibilityScheduleInstances",
                instances, ids);
    }

    /** What the PIM reads answer before looking at data: a part made to fail, the caller's rights, the licence. */
    private Answer pimRefusal(StandInState.Read read, Caller caller, Ids ids) {
        Answer failed = failed(read, ids);
        if (failed != null) {
            return failed;
        }
        // app-only with the application permission; delegated only for a reading role (Global Reader here)
        if (!caller.appOnly() && !caller.has(DemoOperators.GLOBAL_READER)) {
            return error(403, "UnknownError", "The current principal does not have permission to perform this operation.", ids);
        }
        if (!state.pimLicensed()) {
            return error(400, "AadPremiumLicenseRequired",
                    "The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.", ids);
        }
        return null;
    }

    /** The error a part made to fail answers with, or null. */
    private Answer failed(StandInState.Read read, Ids ids) {
        return state.failure(read).map(status -> failure(status, ids)).orElse(null);
    }

    /**
     * The error a card call made to fail answers with, or null; the authentication-methods service names a refusal
     * {@code accessDenied} and an unknown item {@code itemNotFound} (docs/graph.md §4).
     */
    private Answer failed(StandInState.Call call, Ids ids) {
        return state.failure(call).map(status -> switch (status) {
            case 403 -> error(403, "accessDenied", "Request Authorization failed", ids);
            case 404 -> error(404, "itemNotFound", "The user could not be found.", ids);
            default -> failure(status, ids);
        }).orElse(null);
    }

    private Answer failure(int status, Ids ids) {
        return switch (status) {
            case 403 -> error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.", ids);
            case 404 -> error(404, "Request_ResourceNotFound", "Resource does not exist or one of its queried "
                    + "reference-property objects are not present.", ids);
            case 429 -> GraphAnswers.throttled(ids, state.retryAfter());
            case 503 -> error(503, "serviceNotAvailable", "Service unavailable.", ids);
            default -> error(status, status >= 500 ? "UnknownError" : "BadRequest", "The request failed.", ids);
        };
    }

    /**
     * One page of a collection, {@link StandInState#pageSize()} items (Graph may return fewer than {@code $top}), and
     * an {@code @odata.nextLink} carrying the same query and a {@code $skiptoken} while more remain.
     */
    private Answer page(Request request, String path, String context, List<?> items, Ids ids) {
        int offset;
        try {
            String token = queryParameter(request, "$skiptoken");
            offset = token == null ? 0 : Integer.parseInt(new String(java.util.Base64.getUrlDecoder().decode(token),
                    StandardCharsets.UTF_8).replaceFirst("^RFNwd:", ""));
        } catch (IllegalArgumentException e) {
            return error(400, "Request_BadRequest", "Invalid paging token.", ids);
        }
        int size = state.pageSize();
        int from = Math.min(offset, items.size());
        int to = Math.min(from + size, items.size());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("@odata.context", context);
        if (to < items.size()) {
            String query = java.util.Objects.toString(URI.create(request.getUrl()).getRawQuery(), "");
            String kept = java.util.Arrays.stream(query.split("&")).filter(q -> !q.isEmpty())
                    .filter(q -> !q.startsWith("$skiptoken=") && !q.startsWith("%24skiptoken="))
                    .collect(java.util.stream.Collectors.joining("&"));
            String token = java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("RFNwd:" + to).getBytes(StandardCharsets.UTF_8));
            json.put("@odata.nextLink", root + path + "?" + (kept.isEmpty() ? "" : kept + "&") + "$skiptoken=" + token);
        }
        json.put("value", items.subList(from, to));
        return Answer.ok(json);
    }

    private static boolean expanded(Request request, String property) {
        String expand = queryParameter(request, "$expand");
        return expand != null && List.of(expand.split(",")).stream().map(String::strip)
                .anyMatch(e -> e.equals(property) || e.startsWith(property + "("));
    }

    private static Map<String, Object> group(DemoPeople.SeedGroup g) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("@odata.type", "#microsoft.graph.group");
        json.put("id", g.id());
        json.put("displayName", g.displayName());
        json.put("isAssignableToRole", g.roleAssignable());
        json.put("securityEnabled", true);
        json.put("mailEnabled", false);
        return json;
    }

    private static Map<String, Object> select(Map<String, Object> all, List<String> fields) {
        if (fields.isEmpty()) {
            return all;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        fields.forEach(f -> json.put(f, all.get(f)));
        return json;
    }

    /**
     * Entra's role rules for delegated calls on another person's authentication methods (docs/graph.md §4). An
     * app-only caller holds no Entra role: its application permission was checked already ({@link Scopes}).
     */
    private static Answer authorize(Caller caller, Person target, boolean write, Ids ids) {
        if (caller.appOnly()) {
            // reads and writes alike; a restricted administrative unit (FORBIDDEN) keeps app permissions out too
            return target.behaviour() == Behaviour.FORBIDDEN ? error(403, "accessDenied", "Request Authorization failed", ids) : null;
        }
        if (target.behaviour() == Behaviour.FORBIDDEN) {
            return error(403, "accessDenied", "Request Authorization failed", ids);
        }
        if (caller.appOnly()) {
            // application permissions carry no directory role (issue 19's pickup; graph19 narrows which app may write)
            return null;
        }
        if (caller.has(DemoOperators.PRIVILEGED_AUTHENTICATION_ADMINISTRATOR)) {
            return null;
        }
        if (caller.has(DemoOperators.AUTHENTICATION_ADMINISTRATOR)) {
            return target.admin() ? error(403, "accessDenied", "Request Authorization failed", ids) : null;
        }
        if (!write && caller.has(DemoOperators.GLOBAL_READER)) {
            return null;
        }
        return error(403, "accessDenied", "Request Authorization failed", ids);
    }

    private Answer create(Request request, Caller caller, Person about, Ids ids) {
        state.recordCreateAttempt(about.id());
        if (caller.appOnly() && (state.appOnlyCreatesRefused(about.id()) || state.takeAppOnlyCreateRefused())) {
            // the undocumented case (README "What to test in your tenant before enabling pickup for protected people"):
            // Graph refusing an app-only create for this person, e.g. an administrator (or the next one, once)
            return error(403, "accessDenied", "Request Authorization failed", ids);
        }
        if (about.id().equalsIgnoreCase(caller.objectId())) {
            return error(403, "accessDenied", "Self-service operations are currently not supported for user " + about.id() + ".", ids);
        }
        JsonNode body;
        try {
            body = GraphAnswers.JSON.readTree(request.getBodyAsString());
        } catch (RuntimeException e) {
            return error(400, "BadRequest", "Unable to read JSON request payload.", ids);
        }
        var policy = state.policy();
        if (!policy.enabled()) {
            return error(400, "badRequest", "Converged UserCredentialPolicy does not allow creating or updating this "
                    + "authentication method. AuthMethodType [TemporaryAccessPass].", ids);
        }
        int lifetime = body.has("lifetimeInMinutes") ? body.get("lifetimeInMinutes").asInt() : policy.defaultLifetime();
        if (lifetime < policy.minimumLifetime() || lifetime > policy.maximumLifetime()) {
            return error(400, "badRequest", "Invalid LifetimeInMinutes specified. The valid range between "
                    + policy.minimumLifetime() + " and " + policy.maximumLifetime() + ".", ids);
        }
        Instant start = null;
        if (body.has("startDateTime") && !body.get("startDateTime").isNull()) {
            try {
                start = OffsetDateTime.parse(body.get("startDateTime").asString()).toInstant();
            } catch (DateTimeParseException e) {
                return error(400, "BadRequest", "Invalid StartDateTime specified.", ids);
            }
            if (start.isBefore(state.now().minusSeconds(60))) {
                return error(400, "badRequest", "Invalid StartDateTime specified. It can not be a time in the past.", ids);
            }
        }
        boolean usableOnce = body.has("isUsableOnce") ? body.get("isUsableOnce").asBoolean() : policy.usableOnceOnly();
        if (policy.usableOnceOnly() && !usableOnce) {
            return error(400, "badRequest", "Multi-use Temporary Access Pass is not allowed by policy.", ids);
        }
        if (about.externalGuest()) {
            return error(400, "badRequest", "Temporary Access Pass cannot be added to an external guest user.", ids);
        }
        switch (about.behaviour()) {
            case POLICY_BLOCKED:
                return error(400, "badRequest", "Converged UserCredentialPolicy does not allow creating or updating this "
                        + "authentication method. AuthMethodType [TemporaryAccessPass].", ids);
            case UNAVAILABLE:
                return new Answer(503, error(503, "serviceNotAvailable", "Service unavailable.", ids).body(), null, false);
            default:
                break;
        }
        var created = state.create(about, start, lifetime, usableOnce);
        // a 201 whose body has no value (as Graph has been seen to answer): the pass exists, nobody can read it
        Map<String, Object> json = pass(created.pass(), state.takeValueMissing() ? null : created.value(), about, true);
        json.put("@odata.context", context(about, "authentication/temporaryAccessPassMethods/$entity"));
        if (about.behaviour() == Behaviour.GATEWAY_TIMEOUT) {
            // the pass exists, but the gateway gave up waiting: the nasty case of docs/graph.md §5
            return error(504, "GatewayTimeout", "The gateway did not receive a timely response.", ids);
        }
        return new Answer(201, json, null, about.behaviour() == Behaviour.DROP_AFTER_CREATE);
    }

    private Answer search(Request request, Ids ids) {
        // a tenant or proxy where advanced queries do not work: the header does not count (it is dropped on the way)
        var consistency = state.advancedQueries() ? request.getHeader("ConsistencyLevel") : null;
        boolean advanced = "eventual".equalsIgnoreCase(consistency);
        String search = queryParameter(request, "$search");
        String filter = queryParameter(request, "$filter");
        String orderby = queryParameter(request, "$orderby");
        if (search != null && !advanced) {
            return error(400, "Request_UnsupportedQuery", "Request with $search query parameter only works through "
                    + "MSGraph with a special request header: 'ConsistencyLevel: eventual'", ids);
        }
        // $filter with $orderby is itself an advanced query ("Advanced query capabilities on Microsoft Entra ID objects")
        if (filter != null && orderby != null && !advanced) {
            return error(400, "Request_UnsupportedQuery", "Sorting not supported for current query.", ids);
        }
        if (filter != null && HIRE_DATE.matcher(filter).matches()) {
            return StandInBatch.hiredBetween(state, root, request, HIRE_DATE.matcher(filter), advanced, ids,
                    p -> user(p, selected(request), null), this::expandedManager);
        }
        List<String[]> prefixes = filter == null ? null : startsWith(filter);
        if (filter != null && prefixes == null) {
            return error(400, "Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified.", ids);
        }
        java.util.stream.Stream<Person> matching = state.people().stream()
                .filter(p -> search == null || matches(p, search))
                .filter(p -> prefixes == null || prefixes.stream().anyMatch(f -> startsWith(p, f[0], f[1])));
        // without $orderby Graph answers in its own order (by object id here), not by name
        List<Person> found = (orderby == null
                ? matching.sorted((a, b) -> a.id().compareTo(b.id()))
                : matching.sorted((a, b) -> a.displayName().compareToIgnoreCase(b.displayName()))).toList();
        String top = queryParameter(request, "$top");
        int limit = top == null ? 100 : Math.max(1, Math.min(999, Integer.parseInt(top)));
        List<String> fields = selected(request);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("@odata.context", root + "/$metadata#users(" + String.join(",", fields) + ")");
        if ("true".equalsIgnoreCase(queryParameter(request, "$count"))) {
            page.put("@odata.count", found.size());
        }
        page.put("value", found.stream().limit(limit).map(p -> user(p, fields, null)).toList());
        return Answer.ok(page);
    }

    private static final Pattern STARTS_WITH = Pattern.compile(
            "\\s*startswith\\(\\s*(displayName|userPrincipalName|mail)\\s*,\\s*'((?:[^']|'')*)'\\s*\\)\\s*",
            Pattern.CASE_INSENSITIVE);

    /**
     * The clauses of a {@code $filter} made of {@code startswith(property,'text')} joined by {@code or}, the kind a
     * default (not advanced) query supports on users; null for anything else.
     */
    private static List<String[]> startsWith(String filter) {
        List<String[]> clauses = new java.util.ArrayList<>();
        for (String part : filter.split("(?i)\\s+or\\s+")) {
            Matcher m = STARTS_WITH.matcher(part);
            if (!m.matches()) {
                return null;
            }
            clauses.add(new String[]{m.group(1), m.group(2).replace("''", "'")});
        }
        return clauses;
    }

    private static boolean startsWith(Person p, String property, String prefix) {
        String value = switch (property.toLowerCase(Locale.ROOT)) {
            case "displayname" -> p.displayName();
            case "userprincipalname" -> p.userPrincipalName();
            default -> p.mail();
        };
        return value != null && value.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT));
    }

    /** displayName matches per word (tokenised); the other properties match from their start (docs/graph.md §1). */
    private static boolean matches(Person p, String search) {
        Matcher clause = SEARCH_CLAUSE.matcher(search);
        while (clause.find()) {
            String property = clause.group(1);
            String value = clause.group(2).toLowerCase(Locale.ROOT);
            boolean hit = switch (property) {
                case "displayName" -> List.of(p.displayName().toLowerCase(Locale.ROOT).split("[\\s\\p{Punct}]+"))
                        .stream().anyMatch(word -> word.startsWith(value))
                        || p.displayName().toLowerCase(Locale.ROOT).startsWith(value);
                case "userPrincipalName" -> p.userPrincipalName().toLowerCase(Locale.ROOT).startsWith(value);
                case "mail" -> p.mail() != null && p.mail().toLowerCase(Locale.ROOT).startsWith(value);
                default -> false;
            };
            if (hit) {
                return true;
            }
        }
        return false;
    }

    private Answer policy(Caller caller, Ids ids) {
        state.recordPolicyRead();
        if (!caller.appOnly() && !caller.has(DemoOperators.GLOBAL_READER)
                && !caller.has(DemoOperators.PRIVILEGED_AUTHENTICATION_ADMINISTRATOR)) {
            return error(403, "accessDenied", "Request Authorization failed", ids);
        }
        var p = state.policy();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("@odata.context", root + "/$metadata#authenticationMethodConfigurations/$entity");
        json.put("@odata.type", "#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration");
        json.put("id", "TemporaryAccessPass");
        json.put("state", p.enabled() ? "enabled" : "disabled");
        json.put("defaultLifetimeInMinutes", p.defaultLifetime());
        json.put("defaultLength", p.length());
        json.put("minimumLifetimeInMinutes", p.minimumLifetime());
        json.put("maximumLifetimeInMinutes", p.maximumLifetime());
        json.put("isUsableOnce", p.usableOnceOnly());
        // Graph names each target by object id with its type; the stand-in's are groups (all_users included)
        json.put("includeTargets", p.includeTargets().stream()
                .map(id -> Map.of("targetType", "group", "id", id, "isRegistrationRequired", false)).toList());
        json.put("excludeTargets", p.excludeTargets().stream().map(id -> Map.of("targetType", "group", "id", id)).toList());
        return Answer.ok(json);
    }

    /** {@code $expand=manager($select=id,displayName,mail)}: the manager as a typed directory object, or null. */
    private Map<String, Object> expandedManager(Person p) {
        if (state.managerIsContact(p.id())) {
            return new LinkedHashMap<>(Map.of("@odata.type", "#microsoft.graph.orgContact",
                    "id", "c0ffee00-0000-4000-8000-000000000001", "displayName", "Sara Davis (partner)", "mail", "sara@partner.example"));
        }
        return state.managerId(p).flatMap(state::person).map(m -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("@odata.type", "#microsoft.graph.user");
            json.put("id", m.id());
            json.put("displayName", m.displayName());
            json.put("mail", m.mail());
            return json;
        }).orElse(null);
    }

    private Map<String, Object> user(Person p, List<String> fields, String entity) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("id", p.id());
        all.put("displayName", p.displayName());
        all.put("userPrincipalName", p.userPrincipalName());
        all.put("mail", p.mail());
        all.put("accountEnabled", p.accountEnabled());
        all.put("userType", p.userType());
        all.put("jobTitle", p.jobTitle());
        all.put("department", p.department());
        var details = DemoPeople.details(p);
        var phones = state.phones(p.id()).orElse(new StandInState.Phones(details.mobilePhone(), details.businessPhones()));
        all.put("businessPhones", phones.businessPhones());
        all.put("mobilePhone", phones.mobilePhone());
        all.put("onPremisesSyncEnabled", details.onPremisesSyncEnabled());
        all.put("creationType", p.externalGuest() ? "Invitation" : null);
        all.put("externalUserState", p.externalGuest() ? "Accepted" : null);
        // issue 19: HR data (stand-in new hires only; null for everyone else, as for people HR never dated)
        var hire = state.newHires().hire(p.id());
        all.put("employeeHireDate", hire.map(h -> GraphAnswers.date(h.hireDate())).orElse(null));
        all.put("usageLocation", hire.map(StandInNewHires.HireData::usageLocation).orElse(null));
        Map<String, Object> json = new LinkedHashMap<>();
        if (entity != null) {
            json.put("@odata.context", root + "/$metadata#" + entity);
        }
        List<String> wanted = fields.isEmpty() ? DEFAULT_USER_FIELDS : fields;
        wanted.forEach(f -> json.put(f, all.get(f)));
        // Graph adds fields nobody asked for now and then; clients must ignore them
        json.put("x-stand-in-note", "extra fields must be ignored");
        return json;
    }

    private Map<String, Object> pass(StandInState.Pass p, String value, Person about, boolean withType) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (withType) {
            json.put("@odata.type", "#microsoft.graph.temporaryAccessPassAuthenticationMethod");
        }
        json.put("id", p.id());
        json.put("temporaryAccessPass", value);
        json.put("createdDateTime", GraphAnswers.date(p.created()));
        json.put("startDateTime", GraphAnswers.date(p.start()));
        json.put("lifetimeInMinutes", p.lifetimeMinutes());
        json.put("isUsableOnce", p.usableOnce());
        String reason = p.reason(state.now());
        json.put("isUsable", "EnabledByPolicy".equals(reason));
        json.put("methodUsabilityReason", reason);
        return json;
    }

    private String context(Person about, String tail) {
        return root + "/$metadata#users('" + about.id() + "')/" + tail;
    }

    private ResponseDefinition respond(Answer answer, Ids ids, Person about, boolean profile, boolean create,
                                       java.time.Duration callDelay) {
        var builder = ResponseDefinitionBuilder.responseDefinition()
                .withStatus(answer.status())
                .withHeader("request-id", ids.requestId())
                .withHeader("client-request-id", ids.clientRequestId())
                .withHeader("x-ms-ags-diagnostic", "{\"ServerInfo\":{\"DataCenter\":\"Stand-in\",\"Slice\":\"E\",\"Ring\":\"0\"}}")
                .withHeader("x-ms-resource-unit", "1");
        if (answer.body() != null) {
            builder.withHeader("Content-Type", "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8")
                    .withBody(GraphAnswers.json(answer.body()));
        }
        if (answer.retryAfter() != null) {
            builder.withHeader("Retry-After", answer.retryAfter());
        }
        if (answer.dropConnection()) {
            builder.withFault(Fault.CONNECTION_RESET_BY_PEER);
        }
        boolean slow = about != null && about.behaviour() == Behaviour.SLOW && (!profile || state.slowProfile());
        long delay = state.delay().toMillis() + (slow ? state.slowDelay().toMillis() : 0)
                + (create ? state.createDelay().toMillis() : 0) + callDelay.toMillis();
        if (delay > 0) {
            builder.withFixedDelay((int) delay);
        }
        return builder.build();
    }

    private static Answer notFound(String id, Ids ids) {
        return error(404, "Request_ResourceNotFound",
                "Resource '" + id + "' does not exist or one of its queried reference-property objects are not present.", ids);
    }

    private static List<String> selected(Request request) {
        String select = queryParameter(request, "$select");
        return select == null || select.isBlank() ? List.of() : List.of(select.split(","));
    }

    private static String queryParameter(Request request, String name) {
        var parameter = request.queryParameter(name);
        return parameter != null && parameter.isPresent() ? parameter.firstValue() : null;
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
