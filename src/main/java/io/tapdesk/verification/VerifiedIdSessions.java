package io.tapdesk.verification;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.tapdesk.audit.AuditAction;
import io.tapdesk.audit.AuditLog;
import io.tapdesk.audit.AuditOutcome;
import io.tapdesk.audit.AuditUnavailable;
import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.graph.ManagerMessages;
import io.tapdesk.limits.RateLimits;
import io.tapdesk.security.Operator;
import io.tapdesk.security.PublicBaseUrl;
import io.tapdesk.verifiedid.PresentationCallback;
import io.tapdesk.verifiedid.PresentationRequest;
import io.tapdesk.verifiedid.VerifiedIdClient;
import io.tapdesk.verifiedid.VerifiedIdFailure;
import io.tapdesk.verifiedid.VerifiedIdProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Get verified" (issue 18, docs/verification.md §5, docs/verifiedid.md): the high tier. The agent starts a session on
 * the card and reads its short code aloud; the caller types it on TapDesk's public page, which then creates a Verified
 * ID presentation request (a {@code VerifiedEmployee} credential of the tenant's authority, Face Check against its
 * photo) and shows the link for Authenticator; the Request Service posts callbacks to
 * {@value #CALLBACK_PATH}. A {@code presentation_verified} whose credential belongs to the person (its
 * {@code revocationId} is the person's user principal name read again now, its issuer the configured authority) and
 * whose Face Check score reaches the threshold records a HIGH check ({@link CallerChecks}) for the operator who
 * started it. Everything else fails closed, and is audited (action {@code verified-id}).
 */
@Service
public class VerifiedIdSessions {

    public static final String CALLBACK_PATH = "/public/verified-id/callback";
    private static final Logger LOG = LoggerFactory.getLogger(VerifiedIdSessions.class);
    private static final String COLUMNS = """
            id, operator_oid, operator_upn, operator_name, person_id, person_upn, person_name, request_id, state, failure,
            score, caller_check_id, created_at, expires_at, consumed_at""";
    /** Eight digits, read aloud in two groups of four. */
    static final int CODE_DIGITS = 8;

    /** What starting a session did. */
    public enum StartKind { STARTED, NOT_OFFERED, FENCED }

    /** The session and its code (shown once, on the card; kept only as a hash), or why none was started. */
    public record Start(StartKind kind, VerifiedIdSession session, String code) {
    }

    /** What the caller's code page shows. */
    public enum OpenKind { SHOW, INVALID, UNKNOWN, LIMITED, UNAVAILABLE }

    /** The link for Authenticator (SHOW), or why there is none. */
    public record Open(OpenKind kind, String url) {
    }

    /**
     * What a callback did: its HTTP status and a word (never a claim's value).
     * 200 accepted; 400 unreadable; 401 wrong api-key or state; 404 unknown request; 409 replayed or out of order;
     * 410 after TapDesk's expiry; 429 rate-limited; 503 the audit trail could not record the verdict (nothing recorded).
     */
    public record Callback(int status, String word) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final CallerChecks checks;
    private final Incidents incidents;
    private final GraphGateway graph;
    private final ManagerMessages appOnly;
    private final VerifiedIdClient client;
    private final PublicBaseUrl publicBaseUrl;
    private final RateLimits limits;
    private final TransactionTemplate transactions;
    private final SecureRandom random = new SecureRandom();

    VerifiedIdSessions(JdbcClient jdbc, Clock clock, AuditLog audit, CallerChecks checks, Incidents incidents,
                       GraphGateway graph, ManagerMessages appOnly, VerifiedIdClient client, PublicBaseUrl publicBaseUrl,
                       RateLimits limits, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.checks = checks;
        this.incidents = incidents;
        this.graph = graph;
        this.appOnly = appOnly;
        this.client = client;
        this.publicBaseUrl = publicBaseUrl;
        this.limits = limits;
        this.transactions = transactions;
    }

    public VerifiedIdProperties properties() {
        return client.properties();
    }

    public Instant now() {
        return clock.instant();
    }

    /** Whether the card offers "Get verified" for this person: configured, and allowed for them by configuration. */
    public boolean offered(DirectoryUser person) {
        // a guest's UPN ends in the tenant's domain too (…#EXT#@contoso.com): guests and disabled accounts never get a
        // pass, so they are never offered the check either (walk of #18)
        return client.available() && !person.guest() && person.accountEnabled()
                && properties().allows(person.userPrincipalName());
    }

    /**
     * Starts a session from the card: reads the person again with the operator's token; not offered for them, or the
     * person fenced after an incident: nothing started (audited). The code is returned once; only its hash is kept.
     *
     * @throws GraphFailure when the person cannot be read (the card's error page)
     */
    public Start start(Operator operator, GraphToken token, String personId, String clientAddress) {
        DirectoryUser person = graph.user(token, personId);
        var context = new AuditLog.Context(operator, person.id(), person.userPrincipalName(), null, "verified-id", null, clientAddress);
        if (!offered(person)) {
            audit.eventIfPossible(AuditAction.VERIFIED_ID, AuditOutcome.REFUSED, context, "verified-id refused - not-offered");
            return new Start(StartKind.NOT_OFFERED, null, null);
        }
        if (incidents.active(person.id()).isPresent()) {
            audit.eventIfPossible(AuditAction.VERIFIED_ID, AuditOutcome.REFUSED, context, "verified-id refused - fenced");
            return new Start(StartKind.FENCED, null, null);
        }
        Instant now = clock.instant();
        String code = newCode();
        UUID id = UUID.randomUUID();
        Instant expires = now.plus(properties().lifetime()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        // the audit row first: a session that cannot be audited is not started
        audit.event(AuditAction.VERIFIED_ID, AuditOutcome.ASKED, context, "verified-id started " + id + " " + expires);
        jdbc.sql("insert into verified_id_session (id, operator_oid, operator_upn, operator_name, person_id, person_upn, "
                        + "person_name, code_hash, state, created_at, expires_at, updated_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, 'started', ?, ?, ?)")
                .params(id, operator.objectId(), operator.username(), operator.name(), person.id(),
                        person.userPrincipalName(), person.displayName(), sha256(code), Timestamp.from(now),
                        Timestamp.from(expires), Timestamp.from(now))
                .update();
        return new Start(StartKind.STARTED, find(id).orElseThrow(), code.substring(0, 4) + " " + code.substring(4));
    }

    /** This operator's latest session for this person, if any (the card shows it). */
    public Optional<VerifiedIdSession> latest(Operator operator, String personId) {
        return jdbc.sql("select " + COLUMNS + " from verified_id_session where operator_oid = ? and lower(person_id) = lower(?) "
                        + "order by created_at desc limit 1")
                .params(operator.objectId(), personId).query(VerifiedIdSessions::row).optional();
    }

    /**
     * The caller typed a code on the public page: rate-limited per address and as a whole; a code opens once, before
     * TapDesk's expiry. Creates the presentation request and returns its link. An unknown, used or expired code all
     * answer UNKNOWN (the page does not tell which).
     */
    public Open open(String typed, String clientAddress) {
        if (!limits.tryPublic("code:" + clientAddress, properties().codeAttemptsPerMinute()).allowed()
                || !limits.tryPublic("code:all", properties().codeAttemptsPerMinute() * 20).allowed()) {
            return new Open(OpenKind.LIMITED, null);
        }
        String code = typed == null ? "" : typed.replaceAll("[\\s-]", "");
        if (!code.matches("[0-9]{" + CODE_DIGITS + "}")) {
            return new Open(OpenKind.INVALID, null);
        }
        Instant now = clock.instant();
        Optional<VerifiedIdSession> found = jdbc.sql("select " + COLUMNS + " from verified_id_session "
                        + "where code_hash = ? and consumed_at is null and state = 'started' and expires_at > ? "
                        + "order by created_at desc limit 1")
                .params(sha256(code), Timestamp.from(now)).query(VerifiedIdSessions::row).optional();
        if (found.isEmpty()) {
            return new Open(OpenKind.UNKNOWN, null);
        }
        VerifiedIdSession session = found.get();
        boolean won = jdbc.sql("update verified_id_session set consumed_at = ?, updated_at = ? "
                        + "where id = ? and consumed_at is null and state = 'started' and expires_at > ?")
                .params(Timestamp.from(now), Timestamp.from(now), session.id(), Timestamp.from(now)).update() == 1;
        if (!won) {
            return new Open(OpenKind.UNKNOWN, null);
        }
        String apiKey = newSecret();
        PresentationRequest request;
        try {
            request = client.createPresentationRequest(publicBaseUrl.of(CALLBACK_PATH), session.id().toString(), apiKey);
        } catch (VerifiedIdFailure failure) {
            LOG.warn("Verified ID request for session {} failed: {}", session.id(), failure.getMessage());
            fail(session, "service-unavailable", null, clientAddress);
            return new Open(OpenKind.UNAVAILABLE, null);
        }
        jdbc.sql("update verified_id_session set state = 'requested', request_id = ?, api_key_hash = ?, updated_at = ? "
                        + "where id = ? and state = 'started'")
                .params(request.requestId(), sha256(apiKey), Timestamp.from(clock.instant()), session.id()).update();
        return new Open(OpenKind.SHOW, request.url());
    }

    /** A callback that proves nothing, counted against the limit all addresses share; past it, 429. */
    private Callback junk(Callback answer) {
        return limits.tryPublic("callback-junk:all", properties().callbacksPerMinute()).allowed()
                ? answer : new Callback(429, "limited");
    }

    /**
     * A callback of the Request Service. The api-key header must be the session's (compared in constant time), the
     * state its id; the statuses come in order (retrieved, then verified or error), each once; none after TapDesk's
     * expiry. Refusals are audited on the session when there is one.
     */
    public Callback callback(String apiKey, String body, String clientAddress) {
        // per sending address first; the limit shared by all addresses is charged only for callbacks that prove nothing
        // (unreadable, unknown, forged), so a flood of junk from many addresses never turns real ones away
        if (!limits.tryPublic("callback:" + clientAddress, properties().callbacksPerMinute()).allowed()) {
            return new Callback(429, "limited");
        }
        Optional<PresentationCallback> parsed = PresentationCallback.parse(body);
        if (parsed.isEmpty()) {
            return junk(new Callback(400, "unreadable"));
        }
        PresentationCallback callback = parsed.get();
        Optional<VerifiedIdSession> found = jdbc.sql("select " + COLUMNS + " from verified_id_session where request_id = ?")
                .param(callback.requestId()).query(VerifiedIdSessions::row).optional();
        if (found.isEmpty()) {
            return junk(new Callback(404, "unknown-request"));
        }
        VerifiedIdSession session = found.get();
        String storedKey = jdbc.sql("select api_key_hash from verified_id_session where id = ?").param(session.id())
                .query(String.class).optional().orElse("");
        boolean keyMatches = MessageDigest.isEqual(sha256(apiKey == null ? "" : apiKey).getBytes(StandardCharsets.US_ASCII),
                storedKey.getBytes(StandardCharsets.US_ASCII));
        if (!keyMatches || !session.id().toString().equals(callback.state())) {
            Callback forged = junk(new Callback(401, "forged"));
            if (forged.status() == 401) {
                // past the shared limit the refusal is no longer audited: a flood cannot fill the person's trail either
                refuse(session, clientAddress, "forged", "wrong api-key or state");
            }
            return forged;
        }
        Instant now = clock.instant();
        if (!now.isBefore(session.expires())) {
            expire(session, clientAddress);
            return new Callback(410, "expired");
        }
        String from = PresentationCallback.RETRIEVED.equals(callback.status()) ? "requested" : "retrieved";
        if (!from.equals(session.state())) {
            refuse(session, clientAddress, "out-of-order", callback.status() + " in state " + session.state());
            return new Callback(409, "out-of-order");
        }
        return switch (callback.status()) {
            case PresentationCallback.RETRIEVED -> move(session, "requested", "retrieved", null, null)
                    ? new Callback(200, "retrieved") : new Callback(409, "out-of-order");
            case PresentationCallback.ERROR -> fail(session, "presentation-error", null, clientAddress)
                    ? new Callback(200, "failed") : new Callback(409, "out-of-order");
            default -> verified(session, callback, clientAddress);
        };
    }

    private Callback verified(VerifiedIdSession session, PresentationCallback callback, String clientAddress) {
        BigDecimal score = callback.score() == null ? null
                // cut, not rounded: 69.99 below a threshold of 70 must not be shown (or audited) as 70.0
                : BigDecimal.valueOf(callback.score()).setScale(1, RoundingMode.DOWN);
        String why = judge(session, callback);
        if (why != null) {
            return fail(session, why, score, clientAddress) ? new Callback(200, "failed") : new Callback(409, "out-of-order");
        }
        Operator operator = new Operator(session.operatorId(), session.operatorName(), session.operatorUpn(), Set.of(), Set.of());
        String evidence = "Verified ID, face check " + score.toPlainString();
        Boolean recorded;
        try {
            recorded = transactions.execute(tx -> {
                if (!move(session, "retrieved", "verified", null, score)) {
                    return false;
                }
                CallerCheck check = checks.record(operator, session.personId(), session.personUpn(), CheckMethod.VERIFIED_ID, evidence, clientAddress);
                jdbc.sql("update verified_id_session set caller_check_id = ? where id = ?").params(check.id(), session.id()).update();
                return true;
            });
        } catch (AuditUnavailable down) {
            // the check's audit row could not be written: the transaction rolled the step and the check back (fail closed)
            LOG.warn("Verified ID session {}: verdict not recorded, the audit trail is unavailable", session.id());
            return new Callback(503, "audit-unavailable");
        }
        return Boolean.TRUE.equals(recorded) ? new Callback(200, "verified") : new Callback(409, "out-of-order");
    }

    /** Why this presentation does not prove the person, or null when it does. Reads the person's UPN again (fail closed). */
    private String judge(VerifiedIdSession session, PresentationCallback callback) {
        if (!callback.types().contains("VerifiedEmployee")) {
            return "not-a-verified-employee";
        }
        if (!properties().authority().equals(callback.issuer())) {
            return "another-issuer";
        }
        if (callback.score() == null) {
            return "no-face-check";
        }
        if (callback.score() < properties().matchConfidenceThreshold()) {
            return "face-check-below-threshold";
        }
        Optional<String> upnNow;
        try {
            upnNow = appOnly.userPrincipalNameAppOnly(session.personId());
        } catch (GraphFailure failure) {
            return "person-unreadable";
        }
        if (upnNow.isEmpty() || callback.revocationId() == null
                || !upnNow.get().toLowerCase(Locale.ROOT).equals(callback.revocationId().toLowerCase(Locale.ROOT))) {
            return "another-person";
        }
        if (incidents.active(session.personId()).isPresent()) {
            return "person-fenced";
        }
        return null;
    }

    /** One step of the session, only from {@code from} and before TapDesk's expiry: false when another step came first. */
    private boolean move(VerifiedIdSession session, String from, String to, String failure, BigDecimal score) {
        return jdbc.sql("update verified_id_session set state = ?, failure = ?, score = ?, updated_at = ? "
                        + "where id = ? and state = ? and expires_at > ?")
                .params(to, failure, score, Timestamp.from(clock.instant()), session.id(), from, Timestamp.from(clock.instant()))
                .update() == 1;
    }

    /** Marks an open session failed (from the state it was read in) and audits it; false when another step came first. */
    private boolean fail(VerifiedIdSession session, String why, BigDecimal score, String clientAddress) {
        String from = jdbc.sql("select state from verified_id_session where id = ?").param(session.id()).query(String.class).single();
        if (!Set.of("started", "requested", "retrieved").contains(from) || !move(session, from, "failed", why, score)) {
            return false;
        }
        audit.eventIfPossible(AuditAction.VERIFIED_ID, AuditOutcome.NOT_VERIFIED, context(session, clientAddress),
                "verified-id failed " + session.id() + " " + why + (score == null ? "" : " " + score.toPlainString()));
        return true;
    }

    private void expire(VerifiedIdSession session, String clientAddress) {
        int marked = jdbc.sql("update verified_id_session set state = 'expired', updated_at = ? "
                        + "where id = ? and state in ('started', 'requested', 'retrieved') and expires_at <= ?")
                .params(Timestamp.from(clock.instant()), session.id(), Timestamp.from(clock.instant())).update();
        audit.eventIfPossible(AuditAction.VERIFIED_ID, marked == 1 ? AuditOutcome.EXPIRED : AuditOutcome.REFUSED,
                context(session, clientAddress), "verified-id " + (marked == 1 ? "expired " : "refused ") + session.id() + " "
                        + (marked == 1 ? session.expires().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) : "late"));
    }

    /** A refused callback: audited as a word ({@code forged}, {@code out-of-order}), logged with what was seen. */
    private void refuse(VerifiedIdSession session, String clientAddress, String why, String seen) {
        LOG.warn("Verified ID session {}: callback refused ({}): {}", session.id(), why, seen);
        audit.eventIfPossible(AuditAction.VERIFIED_ID, AuditOutcome.REFUSED, context(session, clientAddress),
                "verified-id refused " + session.id() + " " + why);
    }

    private static AuditLog.Context context(VerifiedIdSession session, String clientAddress) {
        Operator operator = new Operator(session.operatorId(), session.operatorName(), session.operatorUpn(), Set.of(), Set.of());
        return new AuditLog.Context(operator, session.personId(), session.personUpn(), null, "verified-id", null, clientAddress);
    }

    private Optional<VerifiedIdSession> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from verified_id_session where id = ?").param(id)
                .query(VerifiedIdSessions::row).optional();
    }

    private String newCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < CODE_DIGITS; i++) {
            code.append(random.nextInt(10));
        }
        return code.toString();
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static VerifiedIdSession row(ResultSet rs, int n) throws SQLException {
        Timestamp consumed = rs.getTimestamp("consumed_at");
        return new VerifiedIdSession(rs.getObject("id", UUID.class), rs.getString("operator_oid"), rs.getString("operator_upn"),
                rs.getString("operator_name"), rs.getString("person_id"), rs.getString("person_upn"), rs.getString("person_name"),
                rs.getString("request_id"), rs.getString("state"), rs.getString("failure"), rs.getBigDecimal("score"),
                rs.getObject("caller_check_id", UUID.class), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(), consumed == null ? null : consumed.toInstant());
    }
}
