package io.tapdesk.passes;

import java.util.Objects;

import io.tapdesk.web.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * A hand-over's pickup page in the confirmation app (issue 19; its chain and sign-in: security.ConfirmSecurity):
 * {@code GET /confirm/pickup/{token}} shows who and what with "Show the pass"; the POST makes the pass
 * ({@link PassIssuing#fromPickup}) and shows it once, as the answer to that POST ({@code no-store}). Every refusal is a
 * page with its reason and a 4xx (or 503 when TapDesk cannot tell).
 */
@Controller
class PickupController {

    static final String PAGE = "passes/pickup";

    private final HandingOver handingOver;
    private final PassIssuing issuing;
    private final PickupNotRight notRight;

    PickupController(HandingOver handingOver, PassIssuing issuing, PickupNotRight notRight) {
        this.handingOver = handingOver;
        this.issuing = issuing;
        this.notRight = notRight;
    }

    /**
     * "I did not ask for this" / "This is not right" (walk of #19, finding 6): the hand-over is revoked and an incident
     * reported ({@link PickupNotRight}); a page that says so, or the refusal as on the pickup page.
     */
    @PostMapping("/confirm/pickup/{token}/not-right")
    String notRight(@PathVariable String token, @AuthenticationPrincipal OidcUser user, HttpServletRequest request,
                    HttpServletResponse response, Model model) {
        PickupNotRight.Result result = notRight.report(token, signer(user), ClientAddress.of(request));
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("handOver", result.handOver());
        if (result.refusal() != null) {
            return refusal(result.refusal(), response, model);
        }
        return "passes/pickup-not-right";
    }

    @GetMapping("/confirm/pickup/{token}")
    String open(@PathVariable String token, @AuthenticationPrincipal OidcUser user, HttpServletRequest request,
                HttpServletResponse response, Model model) {
        HandingOver.Opened opened = handingOver.open(token, signer(user), ClientAddress.of(request));
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("token", token);
        model.addAttribute("handOver", opened.handOver());
        // a new hire's link says from when it works (walk finding 5)
        model.addAttribute("opensAt", opened.handOver() == null ? null
                : handingOver.store().pickupWindow().opensAt(opened.handOver()));
        model.addAttribute("windowZone", handingOver.store().pickupWindow().zoneId());
        return refusal(opened.refusal(), response, model);
    }

    @PostMapping("/confirm/pickup/{token}")
    String pickUp(@PathVariable String token, @AuthenticationPrincipal OidcUser user, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        PassIssuing.PickupResult result = issuing.fromPickup(new PassIssuing.PickupIssue(token, signer(user),
                ClientAddress.of(request)));
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("handOver", result.handOver());
        if (result.refusal() != null) {
            return refusal(result.refusal(), response, model);
        }
        IssueOutcome outcome = result.outcome();
        if (outcome instanceof IssueOutcome.Issued issued) {
            model.addAttribute("user", issued.user());
            return PassPage.showAtPickup(issued.pass(), response, model);
        }
        if (outcome instanceof IssueOutcome.Unknown) {
            // as on the card: a pass may exist that nobody has seen; the agent's card shows the state "unknown"
            response.setStatus(HttpServletResponse.SC_BAD_GATEWAY);
            return "passes/pickup-unknown";
        }
        Refusal why;
        if (outcome instanceof IssueOutcome.GraphRefused refused && refused.failure().status() == 403) {
            // app-only creation refused for this person (Graph does not document whether it protects some): own words
            why = new Refusal("pickup.graph-forbidden", HttpStatus.FORBIDDEN);
        } else if (outcome instanceof IssueOutcome.Limited) {
            why = new Refusal("pickup.limited", HttpStatus.TOO_MANY_REQUESTS);
        } else if (outcome instanceof IssueOutcome.NotRecorded) {
            why = new Refusal("pickup.not-recorded", HttpStatus.SERVICE_UNAVAILABLE);
        } else {
            why = new Refusal("pickup.graph-refused", HttpStatus.BAD_GATEWAY);
        }
        return refusal(why, response, model);
    }

    private static String refusal(Refusal refusal, HttpServletResponse response, Model model) {
        model.addAttribute("refusal", refusal);
        if (refusal != null) {
            response.setStatus(refusal.status().value());
        }
        return PAGE;
    }

    private static HandingOver.Signer signer(OidcUser user) {
        Object oid = user.getClaims().get("oid");
        return new HandingOver.Signer(oid == null ? null : oid.toString(),
                Objects.toString(user.getPreferredUsername(), user.getSubject()),
                Objects.toString(user.getFullName(), Objects.toString(user.getPreferredUsername(), "")));
    }
}
