package tapdesk.demo.graph;

import static tapdesk.demo.graph.GraphAnswers.error;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;

import com.github.tomakehurst.wiremock.http.Request;
import tapdesk.demo.DemoPeople.Person;
import tapdesk.demo.graph.GraphAnswers.Answer;
import tapdesk.demo.graph.GraphAnswers.Ids;
import tools.jackson.databind.JsonNode;

/**
 * The new hires' calls of the stand-in (issue 19): JSON {@code $batch} (each inner request answered by the
 * transformer's own handler, with its own status and {@code Retry-After}) and the users list filtered on
 * {@code employeeHireDate}, with Graph's advanced-query rule and {@code $expand=manager}.
 */
final class StandInBatch {

    /** An inner request: its id, method and path (the version segment and query removed). */
    record Inner(String id, String method, String path) {
    }

    private StandInBatch() {
    }

    /** {@code POST /$batch}: at most 20 requests, answered one by one; the batch itself answers 200. */
    static Answer answer(Request request, Ids ids, BiFunction<Inner, Ids, Answer> handler) {
        JsonNode body;
        try {
            body = GraphAnswers.JSON.readTree(request.getBodyAsString());
        } catch (RuntimeException e) {
            return error(400, "BadRequest", "Invalid batch payload format.", ids);
        }
        JsonNode requests = body == null ? null : body.get("requests");
        if (requests == null || !requests.isArray() || requests.isEmpty()) {
            return error(400, "BadRequest", "Invalid batch payload format.", ids);
        }
        if (requests.size() > 20) {
            return error(400, "BadRequest", "The number of batch requests exceeds the limit of 20.", ids);
        }
        List<Map<String, Object>> responses = new ArrayList<>();
        for (JsonNode inner : requests) {
            String id = inner.path("id").asString();
            String url = inner.path("url").asString();
            String path = URI.create(url.startsWith("/") ? url : "/" + url).getRawPath().replaceFirst("^/v1\\.0", "");
            Ids innerIds = new Ids(UUID.randomUUID().toString(), ids.clientRequestId());
            Answer answer = handler.apply(new Inner(id, inner.path("method").asString("GET"), path), innerIds);
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("id", id);
            response.put("status", answer.status());
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            if (answer.retryAfter() != null) {
                headers.put("Retry-After", answer.retryAfter());
            }
            response.put("headers", headers);
            response.put("body", answer.body());
            responses.add(response);
        }
        return Answer.ok(Map.of("responses", responses));
    }

    /**
     * {@code GET /users?$filter=employeeHireDate ge X and employeeHireDate le Y}: an advanced query, as Graph treats
     * it: without {@code ConsistencyLevel: eventual} and {@code $count=true} it answers 400
     * {@code Request_UnsupportedQuery}. Paged by the new hires' page size, with a {@code $skiptoken} next link.
     */
    static Answer hiredBetween(StandInState state, String root, Request request, Matcher filter, boolean advanced, Ids ids,
                               Function<Person, Map<String, Object>> user, Function<Person, Map<String, Object>> manager) {
        filter.matches();
        boolean counted = "true".equalsIgnoreCase(query(request, "$count"));
        if (!advanced || !counted) {
            return error(400, "Request_UnsupportedQuery",
                    "Unsupported or invalid query filter clause specified for property 'employeeHireDate' of resource 'User'.", ids);
        }
        Instant from;
        Instant to;
        try {
            from = OffsetDateTime.parse(filter.group(1)).toInstant();
            to = OffsetDateTime.parse(filter.group(2)).toInstant();
        } catch (DateTimeParseException e) {
            return error(400, "BadRequest", "Invalid filter clause", ids);
        }
        String expand = query(request, "$expand");
        boolean withManager = expand != null && expand.replace(" ", "").startsWith("manager");
        List<Person> found = state.people().stream()
                .filter(p -> state.newHires().hire(p.id()).map(h -> !h.hireDate().isBefore(from) && !h.hireDate().isAfter(to)).orElse(false))
                .sorted(Comparator.comparing(Person::id)).toList();
        String skip = query(request, "$skiptoken");
        int offset = skip == null ? 0 : Integer.parseInt(skip);
        String top = query(request, "$top");
        int size = Math.min(state.newHires().pageSize(), top == null ? 100 : Integer.parseInt(top));
        List<Map<String, Object>> values = found.stream().skip(offset).limit(size).map(p -> {
            Map<String, Object> json = user.apply(p);
            json.remove("x-stand-in-note");
            if (withManager) {
                Map<String, Object> m = manager.apply(p);
                if (m != null) {
                    json.put("manager", m);
                }
            }
            return json;
        }).toList();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("@odata.context", root + "/$metadata#users");
        page.put("@odata.count", found.size());
        page.put("value", values);
        if (offset + size < found.size()) {
            StringBuilder next = new StringBuilder(root + "/users?");
            for (String name : List.of("$filter", "$select", "$expand", "$count", "$top")) {
                String value = query(request, name);
                if (value != null) {
                    next.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                            .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")).append('&');
                }
            }
            next.append("$skiptoken=").append(offset + size);
            page.put("@odata.nextLink", next.toString());
        }
        return Answer.ok(page);
    }

    private static String query(Request request, String name) {
        var parameter = request.queryParameter(name);
        return parameter != null && parameter.isPresent() ? parameter.firstValue() : null;
    }
}
