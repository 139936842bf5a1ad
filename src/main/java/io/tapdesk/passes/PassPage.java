package io.tapdesk.passes;

import io.tapdesk.directory.IssuedPass;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.ui.Model;

/**
 * The page that shows a new pass, once, as the answer to the request that made it: whichever way it was issued
 * (the card's form or an approved request), no browser or proxy may keep it.
 */
final class PassPage {

    static final String VIEW = "passes/shown";

    private PassPage() {
    }

    /** The same page in the confirmation app's layout: the recipient of a hand-over sees the pass once (issue 19). */
    static String showAtPickup(IssuedPass issued, HttpServletResponse response, Model model) {
        show(issued, response, model);
        return "passes/pickup-shown";
    }

    static String show(IssuedPass issued, HttpServletResponse response, Model model) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
        response.setHeader(HttpHeaders.PRAGMA, "no-cache");
        model.addAttribute("issued", issued);
        return VIEW;
    }
}
