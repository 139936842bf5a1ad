package io.tapdesk.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The audit keys (docs/audit.md §3): the current key, which signs new rows, and old keys, which only verify rows
 * written before a rotation. A key is the base64 of at least 32 random bytes; its id is derived from it, so a row
 * names the key that signed it without naming the key. The known example values are refused.
 */
public final class AuditKeys {

    /** A key that signs or verifies keyed (version 2) rows. */
    public record Key(String id, byte[] bytes) {
    }

    public static final int MIN_BYTES = 32;

    /** Published example values: .env.example's placeholder, the old demo and test keys. Never a real key. */
    static final Set<String> EXAMPLE_KEYS = Set.of(
            "change-me-to-32-or-more-random-characters",
            "demo-audit-key-0123456789-abcdefghijklmnop",
            "test-audit-key-0123456789-abcdefghijklmnop");

    /** Published example database passwords (.env.example): refused at start-up too. */
    static final Set<String> EXAMPLE_PASSWORDS = Set.of("change-me-too", "change-me-three", "change-me");

    static final String HOW = "Make one with: openssl rand -base64 32 (keep a copy: verifying the trail needs it).";

    private final Key current;
    private final Map<String, Key> byId = new LinkedHashMap<>();
    /**
     * Every configured key's text as UTF-8: the HMAC keys of a version 1 head (before the keyed chain), for the
     * command line's verify and one-time upgrade only (docs/audit.md §3).
     */
    private final List<byte[]> legacy = new ArrayList<>();
    /**
     * Whether a version 1 head may be trusted at all: only by the command-line tools (verify, and the one-time
     * upgrade); TapDesk itself never does, so a saved pre-upgrade head put back is refused (docs/audit.md §3).
     */
    private boolean version1Heads = true;
    /** Old keys that are not keys (text, or an example): they only check a version 1 head. */
    private int textOnly;

    private AuditKeys(Key current) {
        this.current = current;
    }

    /**
     * @param key     TAPDESK_AUDIT_KEY: signs new rows; must be a real key
     * @param oldKeys TAPDESK_AUDIT_OLD_KEYS: verify older rows only; an example or a pre-upgrade text key is allowed here
     * @throws IllegalArgumentException naming what is wrong and how to make a real key
     */
    public static AuditKeys of(String key, List<String> oldKeys) {
        AuditKeys keys = new AuditKeys(current(key));
        keys.byId.put(keys.current.id(), keys.current);
        keys.legacy.add(key.strip().getBytes(StandardCharsets.UTF_8));
        for (String old : oldKeys == null ? List.<String>of() : oldKeys) {
            if (old == null || old.isBlank()) {
                continue;
            }
            keys.legacy.add(old.strip().getBytes(StandardCharsets.UTF_8));
            byte[] bytes = decode(old);
            if (bytes != null && bytes.length >= MIN_BYTES && !EXAMPLE_KEYS.contains(old.strip())) {
                Key k = new Key(id(bytes), bytes);
                keys.byId.putIfAbsent(k.id(), k);
            } else {
                keys.textOnly++;
            }
        }
        return keys;
    }

    /**
     * The keys TapDesk itself runs with: as {@link #of}, but refusing old keys that are not keys (a text key from before
     * the keyed chain, an example) and never trusting a version 1 head. Only the one-time upgrade command takes a text
     * key (docs/audit.md §3).
     *
     * @throws IllegalArgumentException naming what is wrong and the way out
     */
    public static AuditKeys forTapDesk(String key, List<String> oldKeys) {
        AuditKeys keys = of(key, oldKeys);
        if (keys.textOnly > 0) {
            throw new IllegalArgumentException("TAPDESK_AUDIT_OLD_KEYS holds " + keys.textOnly + " value(s) that are not "
                    + "base64 of at least " + MIN_BYTES + " bytes: a key from before the keyed chain, or an example. Only "
                    + "the one-time upgrade command takes such a key (README: \"Upgrading an install from before the keyed "
                    + "chain\"); remove it here. TapDesk itself never trusts a head signed with one.");
        }
        keys.version1Heads = false;
        return keys;
    }

    static Key current(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("TAPDESK_AUDIT_KEY is not set. " + HOW);
        }
        String text = key.strip();
        if (EXAMPLE_KEYS.contains(text)) {
            throw new IllegalArgumentException("TAPDESK_AUDIT_KEY is a published example value, not a key. " + HOW
                    + " If rows were signed with it, put it in TAPDESK_AUDIT_OLD_KEYS: it then only verifies them.");
        }
        byte[] bytes = decode(text);
        if (bytes == null || bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("TAPDESK_AUDIT_KEY must be the base64 of at least " + MIN_BYTES
                    + " random bytes (it " + (bytes == null ? "is not base64" : "decodes to " + bytes.length + " bytes")
                    + "). " + HOW + " An older key goes in TAPDESK_AUDIT_OLD_KEYS: it then only verifies the rows it signed.");
        }
        return new Key(id(bytes), bytes);
    }

    /** Refuses a published example password (the database's, Flyway's). */
    public static void refuseExamplePassword(String property, String password) {
        if (password != null && EXAMPLE_PASSWORDS.contains(password.strip())) {
            throw new IllegalArgumentException(property + " is a published example value (" + password.strip()
                    + "), not a password. Make one with: openssl rand -base64 24, and set it on the database role too.");
        }
    }

    private static byte[] decode(String text) {
        try {
            return Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    /** "k-" and the first 12 hex digits of the key's SHA-256: names a key without revealing it. */
    static String id(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "k-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Key current() {
        return current;
    }

    /** The key with this id, or null when it is not configured. */
    public Key byId(String id) {
        return id == null ? null : byId.get(id);
    }

    /** The keys of a version 1 head: the old keys' texts (none for TapDesk itself). */
    List<byte[]> legacy() {
        return version1Heads ? legacy : List.of();
    }

    /** Whether a key's text is a published example (it then protects nothing). */
    static boolean isExample(byte[] text) {
        return EXAMPLE_KEYS.contains(new String(text, StandardCharsets.UTF_8));
    }

    /** False for TapDesk itself: a version 1 head is never genuine to it (docs/audit.md §3). */
    boolean version1Heads() {
        return version1Heads;
    }

    /** How many old keys are text or examples: only the one-time upgrade takes them (docs/audit.md §3). */
    public int textOnlyOldKeys() {
        return textOnly;
    }
}
