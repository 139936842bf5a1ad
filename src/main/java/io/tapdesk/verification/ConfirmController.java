package io.tapdesk.verification;

import java.util.Objects;

import io.tapdesk.web.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The confirmation app's pages (the manager, signed in through the second registration; security.ConfirmSecurity):
 * {@code /confirm} (where a sign-in without a link lands), {@code /confirm/{token}} (who asks for what, and the two
 * answers) and its POST. Every refusal is a page with its reason: 404 unknown link, 410 expired, 409 answered already,
 * 403 not the manager, 503 when the manager cannot be read now, 400 for a missing "how I know".
 */
@Controller
class ConfirmController {

    static final String PAGE = "verification/confirm";

    private final ManagerConfirmations confirmations;

    ConfirmController(ManagerConfirmations confirmations) {
        this.confirmations = confirmations;
    }

    @GetMapping("/confirm")
    String start() {
        return "verification/confirm-start";
    }

    @GetMapping("/confirm/{token}")
    String open(@PathVariable String token, @AuthenticationPrincipal OidcUser user, HttpServletRequest request,
                HttpServletResponse response, Model model) {
        return show(confirmations.open(token, signer(user), ClientAddress.of(request)), token, null, response, model);
    }

    @PostMapping("/confirm/{token}")
    String answer(@PathVariable String token, @RequestParam(name = "answer", required = false) String answer,
                  @RequestParam(name = "how", required = false) String how,
                  @RequestParam(name = "what", required = false) String what, @AuthenticationPrincipal OidcUser user,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        var signer = signer(user);
        var result = "not-right".equals(answer) ? confirmations.notRight(token, signer, what, ClientAddress.of(request))
                : "confirm".equals(answer) ? confirmations.confirm(token, signer, how, ClientAddress.of(request))
                : new ManagerConfirmations.Answer(ManagerConfirmations.Verdict.INVALID, null);
        if (result.verdict() == ManagerConfirmations.Verdict.INVALID && result.confirmation() == null) {
            // no answer chosen: the page again, if the link is good
            var again = confirmations.open(token, signer, ClientAddress.of(request));
            result = again.verdict() == ManagerConfirmations.Verdict.SHOW
                    ? new ManagerConfirmations.Answer(ManagerConfirmations.Verdict.INVALID, again.confirmation()) : again;
        }
        return show(result, token, how, response, model);
    }

    private String show(ManagerConfirmations.Answer result, String token, String how, HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(switch (result.verdict()) {
            case SHOW, CONFIRMED, NOT_RIGHT -> HttpServletResponse.SC_OK;
            case INVALID -> HttpServletResponse.SC_BAD_REQUEST;
            case NOT_FOUND -> HttpServletResponse.SC_NOT_FOUND;
            case EXPIRED -> HttpServletResponse.SC_GONE;
            case ANSWERED, FENCED -> HttpServletResponse.SC_CONFLICT;
            case NOT_THE_MANAGER -> HttpServletResponse.SC_FORBIDDEN;
            case CANNOT_TELL -> HttpServletResponse.SC_SERVICE_UNAVAILABLE;
        });
        model.addAttribute("verdict", result.verdict().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        model.addAttribute("question", result.confirmation());
        model.addAttribute("token", token);
        model.addAttribute("how", how);
        model.addAttribute("howMax", ManagerConfirmations.HOW_MAX);
        return PAGE;
    }

    private static ManagerConfirmations.Signer signer(OidcUser user) {
        Object oid = user.getClaims().get("oid");
        return new ManagerConfirmations.Signer(oid == null ? null : oid.toString(),
                Objects.toString(user.getPreferredUsername(), user.getSubject()),
                Objects.toString(user.getFullName(), Objects.toString(user.getPreferredUsername(), "")));
    }
}
