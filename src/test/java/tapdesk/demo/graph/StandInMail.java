package tapdesk.demo.graph;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.http.Request;
import tapdesk.demo.graph.GraphAnswers.Answer;
import tapdesk.demo.graph.GraphAnswers.Ids;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /users/{sender}/sendMail} as Graph answers an app: the caller must be app-only with the application
 * role {@code Mail.Send} (a delegated token gets 403 here, as a delegated {@code Mail.Send} only sends as oneself through
 * {@code /me/sendMail}); an accepted mail goes into the stand-in's {@link StandInOutbox} (channel MAIL) and the answer is
 * 202 with no body. Tests make sends fail: the next N with a status, or a sender mailbox that does not exist (404).
 *
 * <p>A simplification: with Exchange's RBAC for Applications (README "Notices after every pass") the grant lives in
 * Exchange and Entra's token need not carry {@code Mail.Send}; the stand-in checks the token's role instead, which is
 * what an Entra grant would put there, so a token without it is refused as Exchange refuses an app outside its scope.
 */
public final class StandInMail {

    static final Pattern SEND_MAIL = Pattern.compile("^/users/([^/]+)/sendMail$");

    private final StandInOutbox outbox;
    private final StandInState state;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;
    private final Set<String> missingMailboxes = ConcurrentHashMap.newKeySet();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile String retryAfter = "0";
    /** When each send reached the stand-in ({@link System#nanoTime()}), for the back-off's waits. */
    private final List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();

    StandInMail(StandInOutbox outbox, StandInState state) {
        this.outbox = outbox;
        this.state = state;
    }

    static boolean handles(String path, String method) {
        return "POST".equals(method) && SEND_MAIL.matcher(path).matches();
    }

    /** Tests: the next {@code sends} sends answer {@code status} (429, 503, 400, ...) and send nothing. */
    public void failNext(int sends, int status) {
        failureStatus = status;
        failuresLeft.set(sends);
    }

    /** Tests: sends from {@code sender} answer 404, as Exchange does for a mailbox that does not exist. */
    public void mailboxMissing(String sender) {
        missingMailboxes.add(sender.toLowerCase(Locale.ROOT));
    }

    /** Tests: the {@code Retry-After} of a 429 from {@link #failNext} (seconds, as Graph writes it). */
    public void retryAfter(String seconds) {
        retryAfter = seconds;
    }

    /** The wait between the last two sends that reached the stand-in. */
    public java.time.Duration gapBeforeLastSend() {
        int n = arrivals.size();
        return n < 2 ? java.time.Duration.ZERO : java.time.Duration.ofNanos(arrivals.get(n - 1) - arrivals.get(n - 2));
    }

    /** Send calls that reached the stand-in since the last reset, answered or not. */
    public int attempts() {
        return attempts.get();
    }

    void clear() {
        failuresLeft.set(0);
        failureStatus = 503;
        missingMailboxes.clear();
        attempts.set(0);
        retryAfter = "0";
        arrivals.clear();
    }

    Answer send(Request request, String path, Caller caller, Ids ids) {
        attempts.incrementAndGet();
        arrivals.add(System.nanoTime());
        Matcher m = SEND_MAIL.matcher(path);
        m.matches();
        String sender = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        if (!caller.appOnly() || !appRoles(request.getHeader("Authorization")).contains("Mail.Send")) {
            return GraphAnswers.error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.", ids);
        }
        if (missingMailboxes.contains(sender.toLowerCase(Locale.ROOT))) {
            return GraphAnswers.error(404, "ErrorInvalidUser", "The requested user '" + sender + "' is invalid.", ids);
        }
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            int status = failureStatus;
            return status == 429 ? new Answer(429, GraphAnswers.error(429, "ApplicationThrottled",
                    "Application is over its MailboxConcurrency limit.", ids).body(), retryAfter, false)
                    : GraphAnswers.error(status, status >= 500 ? "ErrorServiceUnavailable" : "ErrorInvalidRequest",
                    "The send failed (stand-in test switch).", ids);
        }
        JsonNode message;
        try {
            // the SDK writes the action's parameters as Graph's metadata names them ("Message"); Graph takes either case
            JsonNode root = GraphAnswers.JSON.readTree(request.getBodyAsString());
            message = root.has("message") ? root.get("message") : root.get("Message");
        } catch (RuntimeException e) {
            return GraphAnswers.error(400, "RequestBodyRead", "Unable to read JSON request payload.", ids);
        }
        if (message == null || !message.has("toRecipients") || message.get("toRecipients").isEmpty()) {
            return GraphAnswers.error(400, "ErrorInvalidRecipients", "At least one recipient is not valid.", ids);
        }
        List<String> to = new ArrayList<>();
        message.get("toRecipients").forEach(r -> to.add(r.get("emailAddress").get("address").asString()));
        String subject = message.has("subject") ? message.get("subject").asString() : null;
        String body = message.has("body") && message.get("body").has("content") ? message.get("body").get("content").asString() : null;
        outbox.add(new StandInOutbox.Sent(StandInOutbox.Channel.MAIL, sender, to, subject, body, state.now()));
        return new Answer(202, null, null, false);
    }

    /** The application roles ({@code roles}) of an app-only token, as Entra puts them. */
    private static Set<String> appRoles(String authorization) {
        try {
            String[] parts = authorization.substring(7).trim().split("\\.");
            JsonNode claims = GraphAnswers.JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            if (!claims.has("roles")) {
                return Set.of();
            }
            Set<String> roles = new java.util.HashSet<>();
            claims.get("roles").forEach(r -> roles.add(r.asString()));
            return roles;
        } catch (RuntimeException notAToken) {
            return Set.of();
        }
    }
}
