package io.tapdesk.passes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.tapdesk.approvals.ApprovalRules;
import io.tapdesk.directory.TapPolicy;
import io.tapdesk.security.Operator;
import io.tapdesk.users.CardFacts;
import io.tapdesk.web.Problem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
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
    private final IssueFormParser parser;

    private final ApprovalRules approvalRules;
    private final PassIssuing issuing;
    private final MessageSource messages;

    UserCardPage(IssueTokens issueTokens, Guardrails guardrails, IssueFormParser parser,
                 ApprovalRules approvalRules, PassIssuing issuing, MessageSource messages) {
        this.issuing = issuing;
        this.messages = messages;
        this.issueTokens = issueTokens;
        this.guardrails = guardrails;
        this.parser = parser;
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
        model.addAttribute("lifetimeRule", guardrails.lifetimeRule(operator));
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
        model.addAttribute("verificationMethods", parser.verificationMethods());
        List<String> numbers = new ArrayList<>();
        if (user.mobilePhone() != null && !user.mobilePhone().isBlank()) {
            numbers.add(user.mobilePhone());
        }
        numbers.addAll(user.businessPhones());
        model.addAttribute("callbackNumbers", numbers);
        model.addAttribute("errorSummary", errorSummary(requestRefusals, model));
        return VIEW;
    }

    /**
     * After a refused submit: what stopped it, in words, for the summary at the top of the card (focused by the page's
     * script) and the start of the page title. Empty for a fresh card.
     */
    private List<String> errorSummary(List<Refusal> requestRefusals, Model model) {
        Locale locale = LocaleContextHolder.getLocale();
        List<String> summary = new ArrayList<>();
        requestRefusals.forEach(r -> summary.add(messages.getMessage(r.key(), r.args(), locale)));
        if (model.getAttribute("issueProblem") instanceof Problem problem) {
            summary.add(problem.headline());
        }
        if (model.getAttribute(BindingResult.MODEL_KEY_PREFIX + "issueForm") instanceof BindingResult errors && errors.hasErrors()) {
            summary.add(messages.getMessage("card.error.form", null, locale));
        }
        return summary;
    }

    /** A fresh card: the form pre-filled with the policy's default lifetime. */
    public String render(CardFacts facts, Operator operator, Model model) {
        IssueForm form = IssueForm.defaults();
        if (facts.policy().known()) {
            form.setLifetimeMinutes(Integer.toString(facts.policy().policy().defaultLifetime()));
        }
        return render(facts, operator, form, List.of(), model);
    }

    private int maxLifetime(Operator operator, TapPolicy policy) {
        int max = policy == null ? 43200 : policy.maximumLifetime();
        boolean approvalCoversLong = guardrails.approvalCovers(false, Math.max(max, guardrails.helpdeskMaxLifetime() + 1));
        return operator.canServePrivileged() || approvalCoversLong ? max : Math.min(max, guardrails.helpdeskMaxLifetime());
    }
}
