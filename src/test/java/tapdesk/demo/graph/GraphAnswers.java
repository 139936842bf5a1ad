package tapdesk.demo.graph;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/** Graph's JSON shapes: error envelopes and dates as Graph writes them. */
final class GraphAnswers {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Graph writes up to 7 fractional digits. */
    private static final DateTimeFormatter GRAPH_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);
    /** innerError.date has neither fraction nor zone. */
    private static final DateTimeFormatter INNER_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    record Answer(int status, Object body, String retryAfter, boolean dropConnection) {

        static Answer ok(Object body) {
            return new Answer(200, body, null, false);
        }
    }

    static Answer error(int status, String code, String message, Ids ids) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("message", message);
        inner.put("date", INNER_DATE.format(Instant.now()));
        inner.put("request-id", ids.requestId());
        inner.put("client-request-id", ids.clientRequestId());
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("innerError", inner);
        return new Answer(status, Map.of("error", error), null, false);
    }

    static Answer throttled(Ids ids) {
        return throttled(ids, StandInState.THROTTLE_SECONDS);
    }

    static Answer throttled(Ids ids, String retryAfter) {
        Answer a = error(429, "TooManyRequests", "Please retry again later.", ids);
        return new Answer(429, a.body(), retryAfter, false);
    }

    static String date(Instant instant) {
        return instant == null ? null : GRAPH_DATE.format(instant);
    }

    static String json(Object body) {
        return JSON.writeValueAsString(body);
    }

    record Ids(String requestId, String clientRequestId) {
    }

    private GraphAnswers() {
    }
}
