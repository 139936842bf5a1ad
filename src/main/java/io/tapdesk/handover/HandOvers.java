package io.tapdesk.handover;

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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import io.tapdesk.security.PublicBaseUrl;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * The hand-overs in PostgreSQL (table {@code hand_over}, V17). Every change of state is one conditional UPDATE from
 * the state before, so two instances (or two pickups) move a hand-over once. The pickup link's token is made here and
 * returned once; only its SHA-256 hash is stored.
 */
@Component
public class HandOvers {

    /** A link token: 32 random bytes, base64url without padding (43 characters). */
    static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** The most hand-overs the card lists for a person. */
    static final int CARD_LIMIT = 10;

    private static final String COLUMNS = """
            id, kind, recipient_kind, recipient_id, recipient_upn, recipient_name, person_id, person_upn, person_name,
            operator_oid, operator_upn, operator_name, operator_roles, operator_wids, ticket, lifetime_minutes, one_time, pass_start, replace_pass_id,
            link_send_at, link_expires, link_sent_at, link_channel, state, end_reason, caller_check_id, batch_id,
            created_at, picked_up_at, picked_up_by, revoked_at, revoked_by, approval_request_id""";

    /**
     * What to store. {@code linkExpires}: when the link will be refused; {@code linkSendAt}: new hires, when the link
     * mail is planned (else null); {@code approvalRequestId}: the approved request it comes from, or null.
     */
    public record Draft(HandOver.Kind kind, HandOver.RecipientKind recipientKind, String recipientId, String recipientUpn,
                        String recipientName, String personId, String personUpn, String personName, String operatorId,
                        String operatorUpn, String operatorName, Set<String> operatorRoles, Set<String> operatorWids,
                        String ticket, int lifetimeMinutes, boolean oneTime, Instant passStart, String replacePassId,
                        Instant linkSendAt, Instant linkExpires, UUID callerCheckId, UUID batchId,
                        Long approvalRequestId) {
    }

    /**
     * A hand-over stored; {@code teamsLink}: the link for the Teams message sent right away (it exists only in this
     * answer and that message), or null. The mail's link is made by the outbox when it sends ({@link #newLink}).
     */
    public record Stored(long id, PickupLink teamsLink) {
        @Override
        public String toString() {
            return "Stored[id=" + id + "]";
        }
    }

    private final JdbcClient jdbc;
    private final PublicBaseUrl publicBaseUrl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private final PickupWindow pickupWindow;

    HandOvers(JdbcClient jdbc, PublicBaseUrl publicBaseUrl, Clock clock, PickupWindow pickupWindow) {
        this.pickupWindow = pickupWindow;
        this.jdbc = jdbc;
        this.publicBaseUrl = publicBaseUrl;
        this.clock = clock;
    }

    /** Stores a hand-over in state {@code scheduled}, without a link (new hires: the link is made at send time). */
    public long schedule(Draft d) {
        return insert(d, HandOver.State.SCHEDULED, null);
    }

    /**
     * Stores a hand-over in state {@code sent} (the service desk's hand-over, sent right away). The mail's link is made
     * when the outbox sends it ({@link #newLink}); with {@code teamsLink}, a link of its own for the Teams message
     * (its hash in {@code teams_link_hash}), so that the mail's link does not void it.
     */
    public Stored create(Draft d, boolean teamsLink) {
        String token = teamsLink ? newToken() : null;
        long id = insert(d, HandOver.State.SENT, token == null ? null : hash(token));
        return new Stored(id, token == null ? null : new PickupLink(url(token), d.linkExpires()));
    }

    /**
     * Makes the mail's pickup link for a scheduled (or already sent, not yet picked up) hand-over at send time: a new
     * token, the mail's old one void (a Teams link stays); the state becomes {@code sent}. The outbox calls it
     * ({@link OutboxPickupLinks}) just before the mail goes, so no link is ever stored.
     *
     * @return the link (url {@code ${tapdesk.public-base-url}/confirm/pickup/<token>}, its expiry), or null when the
     *         hand-over is unknown, sent already, picked up, revoked or past its link expiry
     */
    public PickupLink newLink(long handOverId) {
        return newLink(handOverId, null);
    }

    /** As {@link #newLink(long)}, only when the hand-over is {@code personId}'s (null: any person). */
    public PickupLink newLink(long handOverId, String personId) {
        String token = newToken();
        Instant now = clock.instant();
        List<Timestamp> expires = jdbc.sql("""
                        update hand_over set link_hash = ?, state = 'sent'
                        where id = ? and state in ('scheduled', 'sent') and link_expires > ?
                        and (cast(? as text) is null or lower(person_id) = lower(cast(? as text)))
                        returning link_expires""")
                .params(hash(token), handOverId, Timestamp.from(now), personId, personId)
                .query((rs, n) -> rs.getTimestamp(1)).list();
        return expires.isEmpty() ? null : new PickupLink(url(token), expires.get(0).toInstant());
    }

    /** Records that the link went out at {@code at} (mail through the outbox, or a Teams message). */
    public void markSent(long id, Instant at) {
        markSent(id, at, null);
    }

    /** As {@link #markSent(long, Instant)}, with the channel(s) it went by ({@code mail}, {@code teams}, {@code mail+teams}). */
    public void markSent(long id, Instant at, String channel) {
        jdbc.sql("update hand_over set link_sent_at = ?, link_channel = coalesce(?, link_channel) where id = ?")
                .params(Timestamp.from(at), channel, id).update();
    }

    /**
     * A scheduled hand-over whose mail is being queued: {@code scheduled} → {@code sent}, once (its link is made when
     * the outbox sends). False when it was queued already (a job run twice: one mail), picked up, revoked or expired.
     */
    public boolean queued(long id) {
        return jdbc.sql("update hand_over set state = 'sent' where id = ? and state = 'scheduled' and link_expires > ?")
                .params(id, Timestamp.from(clock.instant())).update() == 1;
    }

    public Optional<HandOver> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from hand_over where id = ?").param(id).query(HandOvers::row).optional();
    }

    /** The hand-over a link token opens; empty for a malformed, unknown or replaced token. */
    public Optional<HandOver> byToken(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return jdbc.sql("select " + COLUMNS + " from hand_over where link_hash = ? or teams_link_hash = ?")
                .params(hash(token), hash(token))
                .query(HandOvers::row).optional();
    }

    /** The person's latest hand-overs, newest first (the card's list). */
    public List<HandOver> ofPerson(String personId) {
        return jdbc.sql("select " + COLUMNS + " from hand_over where lower(person_id) = lower(?) order by created_at desc, id desc limit ?")
                .params(personId, CARD_LIMIT).query(HandOvers::row).list();
    }

    /** The person's hand-overs not yet picked up, revoked or expired (by state and by link expiry), newest first. */
    public List<HandOver> open(String personId) {
        return jdbc.sql("select " + COLUMNS + " from hand_over where lower(person_id) = lower(?) "
                        + "and state in ('scheduled', 'sent') and link_expires > ? order by created_at desc, id desc")
                .params(personId, Timestamp.from(clock.instant())).query(HandOvers::row).list();
    }

    /** The hand-overs of one new-hire batch, in the order they were stored. */
    public List<HandOver> byBatch(String batchId) {
        return jdbc.sql("select " + COLUMNS + " from hand_over where batch_id = ? order by id")
                .param(UUID.fromString(batchId)).query(HandOvers::row).list();
    }

    /**
     * The one pickup: {@code sent} → {@code picked-up} while the link is unexpired at {@code now}. False when another
     * pickup, a revoke or the expiry came first.
     */
    public boolean claim(long id, String pickedUpBy, Instant now) {
        return jdbc.sql("""
                        update hand_over set state = 'picked-up', picked_up_at = ?, picked_up_by = ?
                        where id = ? and state = 'sent' and link_expires > ?""")
                .params(Timestamp.from(now), pickedUpBy, id, Timestamp.from(now)).update() == 1;
    }

    /**
     * How a claimed pickup ended: {@code issued}, {@code unknown}, {@code failed} (Graph refused, nothing made) or
     * {@code refused} (a rule at pickup); {@code reason} a message key or null; {@code actionId} the audit action.
     */
    public void finish(long id, HandOver.State state, String reason, UUID actionId) {
        jdbc.sql("update hand_over set state = ?, end_reason = ?, action_id = coalesce(?, action_id) where id = ? and state = 'picked-up'")
                .params(state.stored(), reason, actionId, id).update();
    }

    /** Revoked before pickup; false when it was picked up, revoked or expired already. */
    public boolean revoke(long id, String revokedBy, Instant now) {
        return jdbc.sql("""
                        update hand_over set state = 'revoked', revoked_at = ?, revoked_by = ?
                        where id = ? and state in ('scheduled', 'sent')""")
                .params(Timestamp.from(now), revokedBy, id).update() == 1;
    }

    /** Marks a hand-over past its link expiry as expired; false when it moved on already. */
    public boolean expire(long id, Instant now) {
        return jdbc.sql("update hand_over set state = 'expired' where id = ? and state in ('scheduled', 'sent') and link_expires <= ?")
                .params(id, Timestamp.from(now)).update() == 1;
    }

    private long insert(Draft d, HandOver.State state, String teamsLinkHash) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into hand_over (kind, recipient_kind, recipient_id, recipient_upn, recipient_name, person_id,
                            person_upn, person_name, operator_oid, operator_upn, operator_name, operator_roles,
                            operator_wids, ticket, lifetime_minutes, one_time, pass_start, replace_pass_id, link_hash,
                            link_send_at, link_expires, state, caller_check_id, batch_id, created_at, approval_request_id,
                            teams_link_hash)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(d.kind().stored(), d.recipientKind().stored(), d.recipientId(), d.recipientUpn(),
                        d.recipientName(), d.personId(), d.personUpn(), d.personName(), d.operatorId(),
                        d.operatorUpn() == null ? "" : d.operatorUpn(), d.operatorName(), joined(d.operatorRoles()),
                        joined(d.operatorWids()), d.ticket(), d.lifetimeMinutes(),
                        d.oneTime(), timestamp(d.passStart()), d.replacePassId(), null, timestamp(d.linkSendAt()),
                        Timestamp.from(d.linkExpires()), state.stored(), d.callerCheckId(), d.batchId(),
                        Timestamp.from(clock.instant()), d.approvalRequestId(), teamsLinkHash)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    private String newToken() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private String url(String token) {
        return publicBaseUrl.of("/confirm/pickup/" + token);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String joined(Set<String> values) {
        return values == null ? "" : String.join(",", new TreeSet<>(values));
    }

    private static Set<String> split(String joined) {
        return joined == null || joined.isBlank() ? Set.of() : Set.of(joined.split(","));
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static HandOver row(ResultSet rs, int n) throws SQLException {
        return new HandOver(rs.getLong("id"), HandOver.Kind.of(rs.getString("kind")),
                HandOver.RecipientKind.of(rs.getString("recipient_kind")), rs.getString("recipient_id"),
                rs.getString("recipient_upn"), rs.getString("recipient_name"), rs.getString("person_id"),
                rs.getString("person_upn"), rs.getString("person_name"), rs.getString("operator_oid"),
                rs.getString("operator_upn"), rs.getString("operator_name"), split(rs.getString("operator_roles")),
                split(rs.getString("operator_wids")), rs.getString("ticket"),
                rs.getInt("lifetime_minutes"), rs.getBoolean("one_time"), instant(rs.getTimestamp("pass_start")),
                rs.getString("replace_pass_id"), instant(rs.getTimestamp("link_send_at")),
                instant(rs.getTimestamp("link_expires")), instant(rs.getTimestamp("link_sent_at")),
                rs.getString("link_channel"), HandOver.State.of(rs.getString("state")), rs.getString("end_reason"),
                rs.getObject("caller_check_id", UUID.class), rs.getObject("batch_id", UUID.class),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("picked_up_at")),
                rs.getString("picked_up_by"), instant(rs.getTimestamp("revoked_at")), rs.getString("revoked_by"),
                rs.getObject("approval_request_id", Long.class));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** When a new hire's link starts to work ({@link PickupWindow}; the pickup's pre-check asks). */
    public PickupWindow pickupWindow() {
        return pickupWindow;
    }
}
