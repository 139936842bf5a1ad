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
    private static final Pattern SEARCH_CLAUSE = Pattern.compile("\"(\\w+):([^\"]*)\"");

    private static final List<String> DEFAULT_USER_FIELDS = List.of(
            "businessPhones", "displayName", "givenName", "id", "jobTitle", "mail", "mobilePhone", "officeLocation",
            "preferredLanguage", "surname", "userPrincipalName");

    private final StandInState state;
    private final String root;

    GraphStandInTransformer(StandInState state, String root) {
        this.state = state;
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
                    || (m = METHODS.matcher(path)).matches() || (m = MEMBER_OF.matcher(path)).matches()) {
                about = state.person(decode(m.group(1))).orElse(null);
            }
            Answer unscoped = Scopes.refusal(caller, request.getMethod().getName(), path, ids);
            answer = unscoped != null ? unscoped : route(request, path, caller, about, ids);
        }
        boolean profile = USER.matcher(path).matches();
        boolean create = request.getMethod().getName().equals("POST") && path.endsWith("/temporaryAccessPassMethods");
        return respond(answer, ids, about, profile, create);
    }

    private Answer route(Request request, String path, Caller caller, Person about, Ids ids) {
        String method = request.getMethod().getName();
        Matcher m;
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
            String managerId = DemoPeople.details(about).managerId();
            return state.person(managerId == null ? "" : managerId)
                    .map(p -> {
                        Map<String, Object> json = user(p, List.of("id", "displayName", "mail", "userPrincipalName", "jobTitle"), "directoryObjects/$entity");
                        json.put("@odata.type", "#microsoft.graph.user");
                        return Answer.ok(json);
                    })
                    .orElseGet(() -> error(404, "Request_ResourceNotFound",
                            "Resource 'manager' does not exist or one of its queried reference-property objects are not present.", ids));
        }
        if (MEMBER_OF.matcher(path).matches() && method.equals("GET")) {
            if (about == null || about.behaviour() == Behaviour.GONE) {
                return notFound(lastSegment(path), ids);
            }
            return Answer.ok(Map.of("@odata.context", root + "/$metadata#directoryObjects", "value", DemoPeople.details(about).memberOf()));
        }
        if (METHODS.matcher(path).matches() && method.equals("GET")) {
            if (about == null || about.behaviour() == Behaviour.GONE) {
                return error(404, "itemNotFound", "The user could not be found.", ids);
            }
            Answer refused = authorize(caller, about, false, ids);
            if (refused != null) {
                return refused;
            }
            if (about.behaviour() == Behaviour.THROTTLED) {
                return GraphAnswers.throttled(ids);
            }
            List<Object> methods = new java.util.ArrayList<>(DemoPeople.details(about).methods());
            state.pass(about.id()).ifPresent(p -> methods.add(pass(p, null, about, true)));
            return Answer.ok(Map.of("@odata.context", context(about, "authentication/methods"), "value", methods));
        }
        boolean passes = PASSES.matcher(path).matches();
        Matcher one = PASS.matcher(path);
        boolean pass = one.matches();
        if (passes || pass) {
            if (about == null || about.behaviour() == Behaviour.GONE) {
                return error(404, "itemNotFound", "The user could not be found.", ids);
            }
            Answer refused = authorize(caller, about, !method.equals("GET"), ids);
            if (refused != null) {
                return refused;
            }
            if (about.behaviour() == Behaviour.THROTTLED) {
                return GraphAnswers.throttled(ids);
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

    /** Entra's role rules for delegated calls on another person's authentication methods (docs/graph.md §4). */
    private static Answer authorize(Caller caller, Person target, boolean write, Ids ids) {
        if (target.behaviour() == Behaviour.FORBIDDEN) {
            return error(403, "accessDenied", "Request Authorization failed", ids);
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
        var consistency = request.getHeader("ConsistencyLevel");
        String search = queryParameter(request, "$search");
        if (search != null && !"eventual".equalsIgnoreCase(consistency)) {
            return error(400, "Request_UnsupportedQuery", "Request with $search query parameter only works through "
                    + "MSGraph with a special request header: 'ConsistencyLevel: eventual'", ids);
        }
        List<Person> found = state.people().stream()
                .filter(p -> search == null || matches(p, search))
                .sorted((a, b) -> a.displayName().compareToIgnoreCase(b.displayName()))
                .toList();
        String top = queryParameter(request, "$top");
        int limit = top == null ? 100 : Math.max(1, Math.min(999, Integer.parseInt(top)));
        List<String> fields = selected(request);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("@odata.context", root + "/$metadata#users(" + String.join(",", fields) + ")");
        page.put("@odata.count", found.size());
        page.put("value", found.stream().limit(limit).map(p -> user(p, fields, null)).toList());
        return Answer.ok(page);
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
        json.put("includeTargets", List.of(Map.of("targetType", "group", "id", "all_users", "isRegistrationRequired", false)));
        json.put("excludeTargets", List.of());
        return Answer.ok(json);
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
        all.put("businessPhones", details.businessPhones());
        all.put("mobilePhone", details.mobilePhone());
        all.put("onPremisesSyncEnabled", details.onPremisesSyncEnabled());
        all.put("creationType", p.externalGuest() ? "Invitation" : null);
        all.put("externalUserState", p.externalGuest() ? "Accepted" : null);
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

    private ResponseDefinition respond(Answer answer, Ids ids, Person about, boolean profile, boolean create) {
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
                + (create ? state.createDelay().toMillis() : 0);
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
