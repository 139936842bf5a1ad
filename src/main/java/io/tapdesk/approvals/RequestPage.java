package io.tapdesk.approvals;

import java.util.Optional;

import io.tapdesk.limits.RateLimits;
import io.tapdesk.security.Operator;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * The requester's page of one request: its facts, its state and, once approved, the form that issues it. Issuing
 * renders it again with what stopped the issue (a refusal, a limit, Graph's answer, a pass to confirm replacing).
 */
@Component
public class RequestPage {

    static final String VIEW = "approvals/status";

    private final Approvals approvals;
    private final RateLimits limits;

    RequestPage(Approvals approvals, RateLimits limits) {
        this.approvals = approvals;
        this.limits = limits;
    }

    /** The request as it stands now, if {@code requester} asked for it. */
    public Optional<ApprovalRequest> find(long id, Operator requester) {
        return approvals.requestOf(id, requester);
    }

    public String render(ApprovalRequest request, Model model) {
        var issueWithin = approvals.properties().issueWithin();
        model.addAttribute("request", request);
        model.addAttribute("shownState", request.shownState(approvals.now(), issueWithin));
        model.addAttribute("expiresAt", request.expiresAt(issueWithin));
        model.addAttribute("pollEvery", approvals.properties().pollEvery().toMillis());
        // the requester issues it: their hourly allowance and the person's daily one, as they stand now
        model.addAttribute("limitsLeft", limits.left(request.requesterOid(), request.targetId()));
        return VIEW;
    }
}
