package io.tapdesk.security;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Where the identity provider sends the browser after sign-out. */
@Controller
class SignedOutController {

    @GetMapping("/signed-out")
    String signedOut() {
        return "security/signed-out";
    }
}
