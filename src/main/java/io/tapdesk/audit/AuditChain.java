package io.tapdesk.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The chain's arithmetic: each row's SHA-256 over its content and the previous hash; the head's HMAC. */
public final class AuditChain {

    public static final String GENESIS = "GENESIS";

    private final byte[] key;

    public AuditChain(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

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

    public String mac(long lastId, String lastHash) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(hmac.doFinal((lastId + ":" + lastHash).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean macMatches(long lastId, String lastHash, String mac) {
        return MessageDigest.isEqual(mac(lastId, lastHash).getBytes(StandardCharsets.UTF_8),
                mac == null ? new byte[0] : mac.getBytes(StandardCharsets.UTF_8));
    }
}
