package io.tapdesk.passes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tapdesk.approvals.ApprovalRules;
import io.tapdesk.approvals.Approvals;
import io.tapdesk.directory.TapPolicy;
import io.tapdesk.security.Operator;
import io.tapdesk.users.CardFacts;
import io.tapdesk.verification.CallerCheck;
import io.tapdesk.verification.CallerChecks;
import io.tapdesk.verification.Incidents;
import io.tapdesk.verification.ManagerConfirmations;
import io.tapdesk.verification.VerifiedIdSessions;
import io.tapdesk.verification.RecordedChecks;
import io.tapdesk.web.Problem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;

/**
 * Fills the user card from {@link CardFacts}: the person, their pass, methods, manager, privilege, and the issue
 * form shaped by the tenant policy and the guardrails, with a fresh single-use token.
 */
@Component
public class UserCardPage {

    public static final String VIEW = "passes/card";

    private final IssueTokens issueTokens;
    private final Guardrails guardrails;

    private final ApprovalRules approvalRules;
    private final PassIssuing issuing;
    private final MessageSource messages;
    private final Approvals approvals;
    private final CallerChecks callerChecks;
    private final RecordedChecks recordedChecks;
    private final Incidents incidents;
    private final ManagerConfirmations confirmations;
    private final VerifiedIdSessions verifiedId;
    private final HandingOver handingOver;

    UserCardPage(IssueTokens issueTokens, Guardrails guardrails,
                 ApprovalRules approvalRules, PassIssuing issuing, MessageSource messages, Approvals approvals,
                 CallerChecks callerChecks, RecordedChecks recordedChecks, Incidents incidents,
                 ManagerConfirmations confirmations, VerifiedIdSessions verifiedId, HandingOver handingOver) {
        this.handingOver = handingOver;
        this.confirmations = confirmations;
        this.verifiedId = verifiedId;
        this.callerChecks = callerChecks;
        this.recordedChecks = recordedChecks;
        this.incidents = incidents;
        this.approvals = approvals;
        this.issuing = issuing;
        this.messages = messages;
        this.issueTokens = issueTokens;
        this.guardrails = guardrails;
        this.approvalRules = approvalRules;
    }

    public String render(CardFacts facts, Operator operator, IssueForm form, List<Refusal> requestRefusals,
                         Model model) {
        var user = facts.user();
        model.addAttribute("user", user);
        model.addAttribute("facts", facts);
        model.addAttribute("pass", facts.currentPass());
        model.addAttribute("personRefusals", guardrails.forPerson(operator, facts));
        // the line at the top: the use case's own rules, so the card never promises what the issue will refuse
        model.addAttribute("verdict", issuing.verdict(operator, facts));
        // the operator's open request for this person, named up front: a second submit would only land on it
        // (phone walk of #13: the card looked as if nothing had been asked, and a new form was typed for nothing)
        model.addAttribute("openRequest", approvals.openRequest(operator, user.id()).orElse(null));
        model.addAttribute("lifetimeRule", guardrails.lifetimeRule(operator));
        fence(user.id(), model);
        model.addAttribute("requestRefusals", requestRefusals);
        var policy = facts.policy().known() ? facts.policy().policy() : null;
        model.addAttribute("policy", policy);
        model.addAttribute("lifetimeMin", policy == null ? 10 : policy.minimumLifetime());
        model.addAttribute("lifetimeMax", maxLifetime(operator, policy));
        model.addAttribute("helpdeskMaxLifetime", guardrails.helpdeskMaxLifetime());
        model.addAttribute("oneTimeLocked", (policy != null && policy.usableOnceOnly())
                || (!operator.canServePrivileged() && !guardrails.approvalCovers(true, 0)));
        model.addAttribute("approvalReasons", approvalRules.forPerson(facts));
        model.addAttribute("approval", approvalRules.properties());
        if (form.getIssueToken() == null || !issueTokens.isUnspent(operator, user.id(), form.getIssueToken())) {
            form.setIssueToken(issueTokens.mint(operator, user.id()));
        }
        if (form.getLifetimeMinutes() == null && policy != null) {
            form.setLifetimeMinutes(Integer.toString(policy.defaultLifetime()));
        }
        model.addAttribute("issueForm", form);
        // who is calling: this operator's usable checks of this person, and the low-tier checks that fit the card
        model.addAttribute("callerChecks", callerChecks.usable(operator.objectId(), user.id()));
        model.addAttribute("callerMethods", recordedChecks.offered(user));
        model.addAttribute("callbackNumbers", RecordedChecks.numbersOnFile(user));
        if (!model.containsAttribute("checkForm")) {
            model.addAttribute("checkForm", new RecordedChecks.Form(null, null, null));
        }
        // "Ask the manager": the operator's latest question about this person and its state (verification/)
        model.addAttribute("managerAsk", confirmations.latest(operator, user.id()).orElse(null));
        model.addAttribute("askNow", confirmations.now());
        model.addAttribute("askPollEvery", confirmations.properties().confirmationPollEvery().toMillis());
        // "Get verified": offered when configured and allowed for this person; the operator's latest session (verification/)
        model.addAttribute("vidOffered", verifiedId.offered(user));
        model.addAttribute("vidSession", verifiedId.latest(operator, user.id()).orElse(null));
        model.addAttribute("vidNow", verifiedId.now());
        // hand-overs of this person (issue 19): recipient, state, link expiry, and "Revoke link" while open
        model.addAttribute("handOvers", handingOver.ofPerson(user.id()));
        model.addAttribute("handOverOffered", handingOver.offered());
        // the options name the manager and how the link goes (walk of #19, finding 9)
        model.addAttribute("handOverManager", facts.manager().ok() ? facts.manager().value().orElse(null) : null);
        model.addAttribute("handOverManagerChannel", facts.manager().ok() && facts.manager().value().isPresent()
                ? handingOver.channelFor(facts.manager().value().get().mail()) : "none");
        model.addAttribute("handOverPersonChannel", handingOver.channelFor(user.mail()));
        model.addAttribute("errorSummary", errorSummary(requestRefusals, model));
        return VIEW;
    }

    /**
     * One line of the error summary: {@code text} in words, and {@code anchor}, the id of the form field it is about
     * (the summary links to it, so a phone user lands on the field), or null.
     */
    public record SummaryItem(String text, String anchor) {
    }

    /** The form's fields by the id of their input, for the summary's links. */
    private static final Map<String, String> FIELD_INPUTS = Map.of(
            "lifetimeMinutes", "issue-lifetime", "oneTime", "issue-one-time", "startDate", "issue-start-date",
            "startTime", "issue-start-time", "ticket", "issue-ticket", "replace", "issue-replace",
            "recipient", "issue-recipient-caller");

    /**
     * After a refused submit: what stopped it, in words, for the summary at the top of the card (focused by the page's
     * script) and the start of the page title; each form error names its field and links to it (phone walk of #13:
     * the errors sat 2,000 px below a summary that only said "see the form below"). Empty for a fresh card.
     */
    private List<SummaryItem> errorSummary(List<Refusal> requestRefusals, Model model) {
        Locale locale = LocaleContextHolder.getLocale();
        List<SummaryItem> summary = new ArrayList<>();
        if (model.getAttribute("checkError") instanceof RecordedChecks.Invalid invalid) {
            summary.add(new SummaryItem(messages.getMessage(invalid.key(), invalid.args(), locale),
                    invalid.field().equals("method") ? "caller-form" : "caller-" + invalid.field()));
        }
        // a request refused for want of a check of the caller links to the section where the agent records one
        requestRefusals.forEach(r -> summary.add(new SummaryItem(messages.getMessage(r.key(), r.args(), locale),
                r.key().startsWith("caller.needed.") ? "caller-check-heading" : null)));
        if (model.getAttribute("issueProblem") instanceof Problem problem) {
            summary.add(new SummaryItem(problem.headline(), null));
        }
        if (model.getAttribute(BindingResult.MODEL_KEY_PREFIX + "issueForm") instanceof BindingResult errors) {
            errors.getFieldErrors().forEach(e -> summary.add(new SummaryItem(messages.getMessage(e, locale),
                    FIELD_INPUTS.get(e.getField()))));
            errors.getGlobalErrors().forEach(e -> summary.add(new SummaryItem(messages.getMessage(e, locale), null)));
        }
        return summary;
    }

    /** The person's fence (issue 17), for the box that names it and, for an Admin, the form that lifts it. */
    private void fence(String userId, Model model) {
        try {
            model.addAttribute("fence", incidents.active(userId).orElse(null));
            model.addAttribute("fenceUnreadable", false);
        } catch (DataAccessException e) {
            // the verdict already refuses (Guardrails: guard.fence-unknown); the box just cannot say more
            model.addAttribute("fence", null);
            model.addAttribute("fenceUnreadable", true);
        }
    }

    /** A fresh card: the form pre-filled with the policy's default lifetime. */
    public String render(CardFacts facts, Operator operator, Model model) {
        IssueForm form = IssueForm.defaults();
        if (facts.policy().known()) {
            form.setLifetimeMinutes(Integer.toString(facts.policy().policy().defaultLifetime()));
        }
        // the pass a manager confirmed is the one to issue: the form starts with its ticket, lifetime and use (walk of
        // #17: the agent typed them again, and a confirmation covers only what the manager saw)
        callerChecks.usable(operator.objectId(), facts.user().id()).stream().map(CallerCheck::bound)
                .filter(java.util.Objects::nonNull).findFirst().ifPresent(bound -> {
                    form.setTicket(bound.ticket());
                    form.setLifetimeMinutes(Integer.toString(bound.lifetimeMinutes()));
                    form.setOneTime(bound.oneTime() ? "true" : null);
                });
        return render(facts, operator, form, List.of(), model);
    }

    private int maxLifetime(Operator operator, TapPolicy policy) {
        int max = policy == null ? 43200 : policy.maximumLifetime();
        boolean approvalCoversLong = guardrails.approvalCovers(false, Math.max(max, guardrails.helpdeskMaxLifetime() + 1));
        return operator.canServePrivileged() || approvalCoversLong ? max : Math.min(max, guardrails.helpdeskMaxLifetime());
    }
}
