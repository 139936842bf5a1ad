package io.tapdesk.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * Small state that must survive a round trip without a session (the sign-in's authorization request, the page to
 * return to) kept in the browser, sealed: AES-256-GCM encrypts and authenticates it, so the browser can neither read
 * nor change it, and the cookie's purpose and time are inside what is authenticated, so one purpose's cookie is never
 * accepted as another's and an old one is refused.
 *
 * <p>The key is {@code tapdesk.cookie-key} ({@code TAPDESK_COOKIE_KEY}: the base64 of 32 random bytes). Without it a
 * random key is made at each start: fine for one instance (a sign-in in progress during a restart starts over), but
 * several instances behind a balancer must share one key, or a sign-in started on one fails on another.
 *
 * <p>Format of a cookie value: base64url(12-byte nonce ‖ ciphertext ‖ 16-byte tag); plaintext: 8-byte issue time
 * (epoch seconds) ‖ UTF-8 payload; associated data: {@code "tapdesk-cookie|" purpose}.
 */
@Component
public class SealedCookies {

    private static final Logger log = LoggerFactory.getLogger(SealedCookies.class);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** A sealed cookie is refused past this size: browsers keep about 4 KB per cookie. */
    static final int MAX_VALUE_CHARS = 3800;

    private final SecretKeySpec key;
    private final boolean alwaysSecure;
    private final SecureRandom random = new SecureRandom();

    SealedCookies(@Value("${tapdesk.cookie-key:}") String configuredKey,
                  @Value("${tapdesk.secure-cookies:true}") boolean alwaysSecure) {
        this.key = new SecretKeySpec(keyBytes(configuredKey), "AES");
        this.alwaysSecure = alwaysSecure;
    }

    private static byte[] keyBytes(String configured) {
        if (configured == null || configured.isBlank()) {
            log.info("tapdesk.cookie-key is not set: sign-in cookies are sealed with a key made at this start. "
                    + "Several instances behind one balancer must share TAPDESK_COOKIE_KEY (openssl rand -base64 32).");
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            return bytes;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(configured.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("tapdesk.cookie-key (TAPDESK_COOKIE_KEY) must be base64; make one with: openssl rand -base64 32");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("tapdesk.cookie-key (TAPDESK_COOKIE_KEY) must decode to 32 bytes, not "
                    + bytes.length + "; make one with: openssl rand -base64 32");
        }
        return bytes;
    }

    /** The sealed form of {@code payload} for {@code purpose}, issued {@code now}. */
    String seal(String purpose, String payload, Instant now) {
        try {
            byte[] text = payload.getBytes(StandardCharsets.UTF_8);
            byte[] plain = ByteBuffer.allocate(8 + text.length).putLong(now.getEpochSecond()).put(text).array();
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(purpose));
            byte[] sealed = cipher.doFinal(plain);
            byte[] all = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(all);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The payload of a value sealed for {@code purpose} no longer than {@code maxAge} before {@code now}; empty when
     * the value is malformed, tampered with, sealed with another key or for another purpose, or too old.
     */
    Optional<String> open(String purpose, String value, Duration maxAge, Instant now) {
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE_CHARS) {
            return Optional.empty();
        }
        try {
            byte[] all = Base64.getUrlDecoder().decode(value);
            // only the one encoding TapDesk writes: the last character's unused bits could otherwise vary
            if (all.length < NONCE_BYTES + TAG_BITS / 8 + 8
                    || !Base64.getUrlEncoder().withoutPadding().encodeToString(all).equals(value)) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(aad(purpose));
            byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            Instant issued = Instant.ofEpochSecond(ByteBuffer.wrap(plain, 0, 8).getLong());
            // a little slack for clocks of instances that differ by a second or two
            if (issued.isAfter(now.plusSeconds(5)) || issued.plus(maxAge).isBefore(now)) {
                return Optional.empty();
            }
            return Optional.of(new String(Arrays.copyOfRange(plain, 8, plain.length), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** The value of the request's cookie {@code name}, or null. */
    static String read(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** Sets cookie {@code name} (HttpOnly, SameSite=Lax, Secure as every TapDesk cookie) for {@code path}. */
    void write(HttpServletRequest request, HttpServletResponse response, String name, String value, String path, Duration maxAge) {
        response.addHeader("Set-Cookie", ResponseCookie.from(name, value).path(path).maxAge(maxAge).httpOnly(true)
                .secure(alwaysSecure || request.isSecure()).sameSite("Lax").build().toString());
    }

    /** Removes cookie {@code name} set for {@code path}. */
    void clear(HttpServletRequest request, HttpServletResponse response, String name, String path) {
        write(request, response, name, "", path, Duration.ZERO);
    }

    private static byte[] aad(String purpose) {
        return ("tapdesk-cookie|" + purpose).getBytes(StandardCharsets.UTF_8);
    }
}
