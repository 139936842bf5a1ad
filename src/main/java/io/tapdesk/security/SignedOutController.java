package io.tapdesk.security;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Where the identity provider sends the browser after sign-out, and where a sign-in that could not complete lands
 * ({@code ?failed}: its request was missing, too old or not TapDesk's), with a button that starts a new one.
 */
@Controller
class SignedOutController {

    @GetMapping("/signed-out")
    String signedOut(@RequestParam(required = false) String failed, Model model) {
        model.addAttribute("signInFailed", failed != null);
        return "security/signed-out";
    }

    /** Where "Sign out" in the confirmation app ends: the confirmation sign-in is over; open the link again. */
    @GetMapping(ConfirmSecurity.SIGNED_OUT)
    String confirmSignedOut() {
        return "security/confirm-signed-out";
    }
}
