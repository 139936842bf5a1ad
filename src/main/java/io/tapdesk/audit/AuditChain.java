package io.tapdesk.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The chain's arithmetic (docs/audit.md §1). Version 1 rows (before V5): an unkeyed SHA-256 over the content and the
 * previous hash, the head signed with the key's text. Version 2 rows: an HMAC-SHA256 with the row's key over its id,
 * sequence number, key id, content and the previous row's MAC; the head signed the same way.
 */
public final class AuditChain {

    public static final String GENESIS = "GENESIS";
    public static final int V1 = 1;
    public static final int V2 = 2;

    private AuditChain() {
    }

    /** A version 1 row's hash. */
    public static String hash(AuditEntry entry, String previousHash) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(entry.canonical().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '|');
            sha.update(previousHash.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A version 1 head's HMAC, keyed with the key's text as UTF-8. */
    static String legacyHeadMac(byte[] keyText, long lastId, String lastHash) {
        return hmac(keyText, lastId + ":" + lastHash);
    }

    /** A version 2 row's MAC: every column of the row (id, seq, chain version, key id, content, link). */
    static String rowMac(AuditKeys.Key key, long id, long seq, AuditEntry entry, String previousMac) {
        return hmac(key.bytes(), "row|v2|" + id + "|" + seq + "|" + key.id() + "|" + entry.canonical() + "|" + previousMac);
    }

    /** A version 2 head's MAC: the newest row's id, sequence number and MAC, and the key id. */
    static String headMac(AuditKeys.Key key, long lastId, long lastSeq, String lastMac) {
        return hmac(key.bytes(), "head|v2|" + lastId + "|" + lastSeq + "|" + key.id() + "|" + lastMac);
    }

    static boolean same(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(byte[] key, String text) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(hmac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
