package io.tapdesk.passes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import io.tapdesk.security.Operator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Single-use tokens for the issue form, in PostgreSQL. Each card render mints one bound to that operator and that
 * person; the issuing use case spends it with one conditional UPDATE, so a reload, a back-then-resend, a second tab or
 * N concurrent POSTs of one form (each on its own copy of the session) make one request or one pass, on any instance.
 * Only a SHA-256 of a token is stored; tokens older than {@link #LIFETIME} are void and cleaned up.
 */
@Component
public class IssueTokens {

    /** A form left open longer than a working day is void (the session ends sooner: tapdesk.session.*). */
    static final Duration LIFETIME = Duration.ofHours(8);
    private static final Duration CLEANUP_EVERY = Duration.ofMinutes(5);

    private final SecureRandom random = new SecureRandom();
    private final JdbcClient jdbc;
    private final Clock clock;
    private final AtomicReference<Instant> lastCleanup = new AtomicReference<>(Instant.EPOCH);

    IssueTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One form's token, as the issuing use case sees it. */
    public interface FormToken {
        /** Whether it is still unspent (a form with errors keeps its token). */
        boolean unspent();

        /** Spends it; true only the first time, whoever asks at the same moment. */
        boolean spend();
    }

    /** A new token for a form {@code operator} fills in about {@code userId}. */
    public String mint(Operator operator, String userId) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        jdbc.sql("insert into issue_form_token (token_hash, operator_oid, person_id, created_at) values (?, ?, ?, ?)")
                .params(hash(token), oid(operator), userId, Timestamp.from(now)).update();
        cleanUp(now);
        return token;
    }

    /** The token a form about {@code userId} carried, checked against what was minted for this operator. */
    public FormToken of(Operator operator, String userId, String token) {
        return new FormToken() {
            public boolean unspent() {
                return isUnspent(operator, userId, token);
            }

            public boolean spend() {
                return token != null && jdbc.sql("""
                                update issue_form_token set spent_at = ?
                                where token_hash = ? and operator_oid = ? and person_id = ? and spent_at is null and created_at > ?""")
                        .params(Timestamp.from(clock.instant()), hash(token), oid(operator), userId, oldest())
                        .update() == 1;
            }
        };
    }

    /** Whether the token is still unspent (a form with errors keeps its token). */
    public boolean isUnspent(Operator operator, String userId, String token) {
        return token != null && jdbc.sql("""
                        select count(*) from issue_form_token
                        where token_hash = ? and operator_oid = ? and person_id = ? and spent_at is null and created_at > ?""")
                .params(hash(token), oid(operator), userId, oldest()).query(Integer.class).single() == 1;
    }

    /** Void tokens go, now and then (any instance may do it; a second delete finds nothing). */
    private void cleanUp(Instant now) {
        Instant last = lastCleanup.get();
        if (now.isAfter(last.plus(CLEANUP_EVERY)) && lastCleanup.compareAndSet(last, now)) {
            jdbc.sql("delete from issue_form_token where created_at <= ?").param(Timestamp.from(now.minus(LIFETIME))).update();
        }
    }

    private Timestamp oldest() {
        return Timestamp.from(clock.instant().minus(LIFETIME));
    }

    private static String oid(Operator operator) {
        return operator.objectId().toLowerCase(Locale.ROOT);
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
