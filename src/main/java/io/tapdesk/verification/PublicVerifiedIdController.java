package io.tapdesk.verification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.tapdesk.web.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The internet-facing part of "Get verified" (security.PublicSecurity: no session, no sign-in):
 * {@code GET/POST /public/verified-id}, where the caller types the code the agent reads out and gets the link for
 * Authenticator (400 not a code, 404 unknown, used or expired, 429 too many tries, 503 the service refused; 404 when
 * Verified ID is not set up), and {@code POST /public/verified-id/callback}, the Request Service's callbacks
 * (statuses in {@link VerifiedIdSessions.Callback}; 413 for a body over 1 MiB).
 */
@Controller
class PublicVerifiedIdController {

    static final String PAGE = "verification/verified-id-public";
    /** The largest callback body read, in bytes (1 MiB). */
    static final int MAX_BODY = 1 << 20;

    private final VerifiedIdSessions sessions;

    PublicVerifiedIdController(VerifiedIdSessions sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/public/verified-id")
    String form(HttpServletResponse response, Model model) {
        return show(sessions.properties().configured() ? null : VerifiedIdSessions.OpenKind.UNAVAILABLE, null, response, model);
    }

    @PostMapping("/public/verified-id")
    String code(@RequestParam(name = "code", required = false) String code, HttpServletRequest request,
                HttpServletResponse response, Model model) {
        if (!sessions.properties().configured()) {
            return show(VerifiedIdSessions.OpenKind.UNAVAILABLE, null, response, model);
        }
        var open = sessions.open(code, ClientAddress.of(request));
        return show(open.kind(), open.url(), response, model);
    }

    @PostMapping(VerifiedIdSessions.CALLBACK_PATH)
    @ResponseBody
    ResponseEntity<String> callback(@RequestHeader(name = "api-key", required = false) String apiKey,
                                    HttpServletRequest request) throws IOException {
        // read at most MAX_BODY (a callback with the credential's photo claim is tens of kilobytes): anyone may post here
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            return ResponseEntity.status(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE).header("Cache-Control", "no-store")
                    .contentType(MediaType.APPLICATION_JSON).body("{\"result\":\"too-large\"}");
        }
        var result = sessions.callback(apiKey, new String(body, StandardCharsets.UTF_8), ClientAddress.of(request));
        // JSON whatever the caller accepts (the service's Accept is not TapDesk's concern); the word is one of a fixed few
        return ResponseEntity.status(result.status()).header("Cache-Control", "no-store")
                .contentType(MediaType.APPLICATION_JSON).body("{\"result\":\"" + result.word() + "\"}");
    }

    private String show(VerifiedIdSessions.OpenKind kind, String url, HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        if (kind != null) {
            response.setStatus(switch (kind) {
                case SHOW -> HttpServletResponse.SC_OK;
                case INVALID -> HttpServletResponse.SC_BAD_REQUEST;
                case UNKNOWN -> HttpServletResponse.SC_NOT_FOUND;
                case LIMITED -> 429;
                case UNAVAILABLE -> sessions.properties().configured() ? HttpServletResponse.SC_SERVICE_UNAVAILABLE
                        : HttpServletResponse.SC_NOT_FOUND;
            });
        }
        model.addAttribute("result", kind == null ? null : kind.name().toLowerCase(java.util.Locale.ROOT));
        model.addAttribute("url", url);
        return PAGE;
    }
}
