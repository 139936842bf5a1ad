package io.tapdesk.security;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts and authenticates what TapDesk keeps of the operators' sign-ins in PostgreSQL (their Graph access and
 * refresh tokens, the session attributes) with AES-256-GCM under the token key ({@code tapdesk.token-key}, from the
 * environment: {@code TAPDESK_TOKEN_KEY}, base64 of 32 random bytes). A sealed value is {@code 1 | 12-byte IV |
 * ciphertext with its 16-byte tag}; the associated data binds it to its place (registration and principal), so a
 * value copied to another row does not open. Whoever reads the database without the key reads no token.
 */
@Component
public class TokenCipher {

    private static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    TokenCipher(@Value("${tapdesk.token-key}") String base64Key) {
        this.key = new SecretKeySpec(decode(base64Key), "AES");
    }

    /** The token key's bytes; start-up fails, saying how to make one, unless it is base64 of exactly 32 bytes. */
    static byte[] decode(String base64Key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key == null ? "" : base64Key.trim());
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("tapdesk.token-key (TAPDESK_TOKEN_KEY) must be the base64 of 32 random bytes; "
                    + "make one with: openssl rand -base64 32");
        }
        return bytes;
    }

    /** Seals {@code plain} for the place named by {@code associated}. */
    public byte[] seal(byte[] plain, byte[] associated) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associated);
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(1 + IV_BYTES + sealed.length).put(VERSION).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Opens a value sealed for {@code associated}.
     *
     * @throws Unreadable when it was sealed under another key, for another place, or changed
     */
    public byte[] open(byte[] sealed, byte[] associated) {
        if (sealed == null || sealed.length < 1 + IV_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new Unreadable();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, IV_BYTES));
            cipher.updateAAD(associated);
            return cipher.doFinal(sealed, 1 + IV_BYTES, sealed.length - 1 - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new Unreadable();
        }
    }

    /** A sealed value that does not open: another key (rotated), another place, or changed. Never carries the value. */
    public static final class Unreadable extends RuntimeException {
        Unreadable() {
            super("a sealed value did not open with the token key", null, false, false);
        }
    }
}
