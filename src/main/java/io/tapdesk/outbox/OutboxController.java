package io.tapdesk.outbox;

import io.tapdesk.security.Operator;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * /admin/outbox (TapDesk.Admin only): the messages of the last days, dead letters first, each without its subject or
 * body; a dead letter can be queued again (a POST with CSRF).
 */
@Controller
class OutboxController {

    private final Outbox outbox;

    OutboxController(Outbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping("/admin/outbox")
    String page(Model model) {
        model.addAttribute("enabled", outbox.enabled());
        model.addAttribute("rows", outbox.recent());
        model.addAttribute("days", outbox.pageDays());
        return "admin/outbox";
    }

    /** 404 with the page when {@code id} is no dead letter (sent, still queued, unknown, not a number). */
    @PostMapping("/admin/outbox/{id}/send-again")
    String sendAgain(@PathVariable String id, @ModelAttribute("operator") Operator operator, RedirectAttributes redirect,
                     HttpServletResponse response, Model model) {
        long number;
        try {
            number = Long.parseLong(id);
        } catch (NumberFormatException notANumber) {
            number = -1;
        }
        if (number > 0 && outbox.sendAgain(number, operator == null ? null : operator.objectId())) {
            redirect.addFlashAttribute("notice", "outbox.queued-again");
            return "redirect:/admin/outbox";
        }
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        model.addAttribute("notDead", true);
        return page(model);
    }
}
