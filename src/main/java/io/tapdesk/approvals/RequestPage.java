package io.tapdesk.approvals;

import java.util.Optional;

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

    RequestPage(Approvals approvals) {
        this.approvals = approvals;
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
        return VIEW;
    }
}
