package io.tapdesk.passes;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Component;
import org.springframework.web.util.WebUtils;

/**
 * Single-use tokens for the issue form. Each card render mints one bound to that person; the issuing POST spends
 * it, so a reload, a back-then-resend or a second tab finds it spent and never creates a second pass.
 * Tokens live in the operator's session (never the pass value).
 */
@Component
public class IssueTokens {

    static final String ATTRIBUTE = IssueTokens.class.getName();
    /** An operator with many tabs open keeps this many unspent forms usable. */
    static final int KEEP = 32;

    private final SecureRandom random = new SecureRandom();

    /** One form's token, as the issuing use case sees it. */
    public interface FormToken {
        /** Whether it is still unspent (a form with errors keeps its token). */
        boolean unspent();

        /** Spends it; true only the first time. */
        boolean spend();
    }

    /** The token a form for {@code userId} carried, checked against this session's unspent tokens. */
    public FormToken inSession(HttpSession session, String userId, String token) {
        return new FormToken() {
            public boolean unspent() {
                return isUnspent(session, userId, token);
            }

            public boolean spend() {
                return IssueTokens.this.spend(session, userId, token);
            }
        };
    }

    public String mint(HttpSession session, String userId) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        synchronized (WebUtils.getSessionMutex(session)) {
            Map<String, String> unspent = unspent(session);
            unspent.put(token, userId);
            while (unspent.size() > KEEP) {
                unspent.remove(unspent.keySet().iterator().next());
            }
            session.setAttribute(ATTRIBUTE, unspent);
        }
        return token;
    }

    /** Spends the token; true only the first time, and only for the person it was minted for. */
    public boolean spend(HttpSession session, String userId, String token) {
        if (token == null) {
            return false;
        }
        synchronized (WebUtils.getSessionMutex(session)) {
            Map<String, String> unspent = unspent(session);
            boolean valid = userId.equals(unspent.get(token));
            if (valid) {
                unspent.remove(token);
                session.setAttribute(ATTRIBUTE, unspent);
            }
            return valid;
        }
    }

    /** Whether the token is still unspent (a form with errors keeps its token). */
    public boolean isUnspent(HttpSession session, String userId, String token) {
        synchronized (WebUtils.getSessionMutex(session)) {
            return token != null && userId.equals(unspent(session).get(token));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> unspent(HttpSession session) {
        Object stored = session.getAttribute(ATTRIBUTE);
        return stored instanceof LinkedHashMap<?, ?> map ? (LinkedHashMap<String, String>) map : new LinkedHashMap<>();
    }
}
