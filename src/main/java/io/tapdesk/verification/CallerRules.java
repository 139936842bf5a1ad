package io.tapdesk.verification;

import java.util.ArrayList;
import java.util.List;

import io.tapdesk.directory.PassRequest;
import io.tapdesk.users.CardFacts;
import org.springframework.stereotype.Component;

/**
 * Which tier of caller check a request needs (tapdesk.verification.*): the highest of the rules that apply, with
 * the reasons as message keys ({@code caller.reason.*}). Privilege that could not be read counts as privileged.
 */
@Component
public class CallerRules {

    /** The tier needed and why, highest rule first. */
    public record Needed(CallerTier tier, List<String> reasons) {
    }

    private final VerificationProperties properties;

    CallerRules(VerificationProperties properties) {
        this.properties = properties;
    }

    /** What any request about this person needs (the card says it up front). */
    public Needed forPerson(CardFacts facts) {
        Rules rules = new Rules();
        rules.add(properties.ordinary(), "caller.reason.ordinary");
        if (facts.privilege().unknown()) {
            rules.add(properties.privileged(), "caller.reason.privilege-unknown");
        } else if (facts.privilege().privileged()) {
            rules.add(properties.privileged(), "caller.reason.privileged");
        }
        return rules.needed();
    }

    /** What this request needs: the person's rules and the pass's (multi-use, long). */
    public Needed forRequest(CardFacts facts, PassRequest request) {
        Rules rules = new Rules();
        Needed person = forPerson(facts);
        person.reasons().forEach(r -> rules.add(person.tier(), r));
        if (!request.usableOnce()) {
            rules.add(properties.multiUse(), "caller.reason.multi-use");
        }
        if (request.lifetimeMinutes() > properties.longAbove()) {
            rules.add(properties.longPass(), "caller.reason.long");
        }
        return rules.needed();
    }

    public VerificationProperties properties() {
        return properties;
    }

    /** Keeps the reasons of the highest tier only: they are what the agent must still do. */
    private static final class Rules {
        private CallerTier tier = CallerTier.LOW;
        private final List<String> reasons = new ArrayList<>();

        void add(CallerTier ruleTier, String reason) {
            if (ruleTier.compareTo(tier) > 0) {
                tier = ruleTier;
                reasons.clear();
            }
            if (ruleTier == tier && !reasons.contains(reason)) {
                reasons.add(reason);
            }
        }

        Needed needed() {
            return new Needed(tier, List.copyOf(reasons));
        }
    }
}
