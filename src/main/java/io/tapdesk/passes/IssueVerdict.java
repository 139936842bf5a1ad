package io.tapdesk.passes;

import io.tapdesk.verification.CallerRules;
import java.util.List;
import java.util.Locale;

/**
 * What the card says before the agent types (the line at its top), computed by the rules the issuing use case runs
 * ({@link PassIssuing#verdict}): a pass can be issued now, needs a second person's approval (and why), or cannot be
 * issued (and why). For a pass like the form's default (one-time, the policy's default lifetime); a multi-use or long
 * pass can still need approval, which the form says beside those fields.
 *
 * @param kind         can / needs approval / cannot
 * @param why          the refusals (cannot) or the approval reasons as refusals without a status (needs approval)
 * @param operatorLeft passes (and requests) the operator may still make this hour
 * @param personLeft   passes the person may still receive today
 * @param caller       the tier of caller check any request about this person needs, and why
 * @param checked      whether this operator holds a usable check of that tier for this person now
 */
public record IssueVerdict(Kind kind, List<Refusal> why, long operatorLeft, long personLeft, CallerRules.Needed caller,
                           boolean checked) {

    public enum Kind {
        CAN, NEEDS_APPROVAL, CANNOT;

        /** The word in message keys and CSS classes: {@code card.verdict.can}, … */
        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public IssueVerdict {
        why = List.copyOf(why);
    }
}
