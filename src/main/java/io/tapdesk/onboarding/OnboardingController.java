package io.tapdesk.onboarding;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.tapdesk.handover.HandOver;
import io.tapdesk.handover.PickupWindow;
import io.tapdesk.security.Operator;
import io.tapdesk.web.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Starting soon" (issue 19; TapDesk.Admin and TapDesk.Onboarding): {@code GET /onboarding} lists the new hires,
 * {@code POST /onboarding/batches} (CSRF) makes a batch of the ones ticked, {@code GET /onboarding/batches/{id}} shows
 * its result (Approvers too), {@code POST /onboarding/batches/{id}/approve} approves a held one and
 * {@code POST /onboarding/batches/{id}/reject} rejects it with a reason (an Approver who did not make it).
 */
@Controller
class OnboardingController {

    private final StartingSoon startingSoon;
    /** How many batches Starting soon lists (held, scheduled, rejected). */
    static final int RECENT_BATCHES = 10;

    private final OnboardingBatches batches;
    private final PickupWindow pickupWindow;

    OnboardingController(StartingSoon startingSoon, OnboardingBatches batches, PickupWindow pickupWindow) {
        this.startingSoon = startingSoon;
        this.batches = batches;
        this.pickupWindow = pickupWindow;
    }

    @GetMapping("/onboarding")
    String page(Model model) {
        StartingSoon.Listing listing = startingSoon.list();
        model.addAttribute("listing", listing);
        model.addAttribute("settings", startingSoon.properties());
        model.addAttribute("pickupOpensMinutes", pickupWindow.pickupOpensBeforeStart().toMinutes());
        model.addAttribute("recentBatches", batches.recent(RECENT_BATCHES));
        model.addAttribute("anySelectable", listing.rows().stream().anyMatch(StartingSoon.Row::selectable));
        if (model.getAttribute("formDefaults") == null) {
            model.addAttribute("formDefaults", batches.formDefaults());
        }
        return "onboarding/starting-soon";
    }

    /** 400 with the list and the reason when the batch is invalid (nothing stored); else to the batch's page. */
    @PostMapping("/onboarding/batches")
    String create(@RequestParam(name = "person", required = false) List<String> people,
                  @RequestParam(name = "lifetimeMinutes", required = false) String lifetime,
                  @RequestParam(name = "oneTime", required = false) String oneTime,
                  @ModelAttribute("operator") Operator operator, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        int minutes;
        try {
            minutes = Integer.parseInt(lifetime == null ? "" : lifetime.trim());
        } catch (NumberFormatException e) {
            minutes = -1;
        }
        OnboardingBatches.Outcome outcome = minutes < 1 ? new OnboardingBatches.Invalid("onboarding.batch.lifetime-invalid")
                : batches.create(operator, people, minutes, oneTime != null, ClientAddress.of(request));
        if (outcome instanceof OnboardingBatches.Stored stored) {
            return "redirect:/onboarding/batches/" + stored.batchId();
        }
        OnboardingBatches.Invalid invalid = (OnboardingBatches.Invalid) outcome;
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("problemKey", invalid.key());
        model.addAttribute("problemArgs", invalid.args());
        return page(model);
    }

    @GetMapping("/onboarding/batches/{id}")
    String batch(@PathVariable String id, HttpServletResponse response, Model model) {
        UUID batchId = uuid(id);
        var batch = batchId == null ? java.util.Optional.<OnboardingBatches.Batch>empty() : batches.find(batchId);
        if (batch.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return "onboarding/no-batch";
        }
        Map<Long, HandOver> handOvers = batches.handOvers(batchId).stream()
                .collect(Collectors.toMap(HandOver::id, Function.identity(), (a, b) -> a));
        model.addAttribute("batch", batch.get());
        model.addAttribute("handOvers", handOvers);
        if (batch.get().awaitingApproval()) {
            // the approver decides on who is in it, read now (name, UPN, local start, manager)
            model.addAttribute("peopleNow", batches.peopleNow(batch.get()).orElse(null));
        }
        return "onboarding/batch";
    }

    /** 409 with the batch when it awaits no approval or the approver made it; 404 when there is none. */
    @PostMapping("/onboarding/batches/{id}/approve")
    String approve(@PathVariable String id, @ModelAttribute("operator") Operator operator, HttpServletRequest request,
                   HttpServletResponse response, Model model) {
        UUID batchId = uuid(id);
        if (batchId == null || batches.find(batchId).isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return "onboarding/no-batch";
        }
        if (batches.approve(batchId, operator, ClientAddress.of(request))) {
            return "redirect:/onboarding/batches/" + batchId;
        }
        String page = batch(id, response, model);
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        model.addAttribute("problemKey", "onboarding.batch.not-approvable");
        return page;
    }

    /** 400 with the batch when the reason is missing or too long; 409 as for approve; 404 when there is none. */
    @PostMapping("/onboarding/batches/{id}/reject")
    String reject(@PathVariable String id, @RequestParam(name = "reason", required = false) String reason,
                  @ModelAttribute("operator") Operator operator, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        UUID batchId = uuid(id);
        if (batchId == null || batches.find(batchId).isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return "onboarding/no-batch";
        }
        String refused = batches.reject(batchId, operator, reason, ClientAddress.of(request));
        if (refused == null) {
            return "redirect:/onboarding/batches/" + batchId;
        }
        String page = batch(id, response, model);
        response.setStatus("onboarding.batch.not-approvable".equals(refused) ? HttpServletResponse.SC_CONFLICT
                : HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("problemKey", refused);
        return page;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
