package io.tapdesk.approvals;

import java.util.Optional;

import io.tapdesk.limits.RateLimits;
import io.tapdesk.security.Operator;
import io.tapdesk.security.OperatorTokens;
import io.tapdesk.users.CardFacts;
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
    private final OperatorTokens tokens;

    RequestPage(Approvals approvals, RateLimits limits, OperatorTokens tokens) {
        this.approvals = approvals;
        this.limits = limits;
        this.tokens = tokens;
    }

    /** The request as it stands now, if {@code requester} asked for it. */
    public Optional<ApprovalRequest> find(long id, Operator requester) {
        return approvals.requestOf(id, requester);
    }

    /** The page, with the person read again with the requester's sign-in. */
    public String render(ApprovalRequest request, Operator requester, Model model) {
        return render(request, requester, null, model);
    }

    /**
     * The page; {@code known} is the person as an issue attempt just read them under the lock (shown instead of a
     * second read), or null to read them now with the requester's sign-in.
     */
    public String render(ApprovalRequest request, Operator requester, CardFacts known, Model model) {
        // the requester sees the person's current pass and privilege before issuing, as the approver did
        CardFacts facts = known != null ? known : approvals.readPerson(request, requester, tokens.current());
        model.addAttribute("facts", facts);
        model.addAttribute("seenNow", facts == null ? null : ApprovalSnapshot.of(facts));
        var issueWithin = approvals.properties().issueWithin();
        model.addAttribute("request", request);
        model.addAttribute("requesterView", true);
        model.addAttribute("shownState", request.shownState(approvals.now(), issueWithin));
        model.addAttribute("expiresAt", request.expiresAt(issueWithin));
        model.addAttribute("pollEvery", approvals.properties().pollEvery().toMillis());
        // the requester issues it: their hourly allowance and the person's daily one, as they stand now
        model.addAttribute("limitsLeft", limits.left(request.requesterOid(), request.targetId()));
        return VIEW;
    }
}
