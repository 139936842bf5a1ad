package io.tapdesk.passes;

import java.time.Instant;
import java.util.List;

import io.tapdesk.approvals.ApprovalRequest;
import io.tapdesk.approvals.ApprovalSnapshot;
import io.tapdesk.approvals.Approvals;
import io.tapdesk.audit.AuditUnavailable;
import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.directory.IssuedPass;
import io.tapdesk.directory.PassStatus;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.users.CardFacts;
import io.tapdesk.verification.CallerCheck;
import io.tapdesk.verification.CallerRules;

/**
 * How an attempt to issue a pass ended, whichever way it came in (the card's form, an approved request). Sealed, and
 * read through {@link Cases}, so a new outcome does not compile until every page mapping handles it.
 */
public sealed interface IssueOutcome {

    /** One method per outcome: {@link IssuePages} turns each into a page. */
    interface Cases<R> {
        R issued(Issued outcome);

        R replaceNeeded(ReplaceNeeded outcome);

        R needsApproval(NeedsApproval outcome);

        R refused(Refused outcome);

        R notVerified(NotVerified outcome);

        R invalid(Invalid outcome);

        R spent(Spent outcome);

        R limited(Limited outcome);

        R busy(Busy outcome);

        R notRecorded(NotRecorded outcome);

        R graphRefused(GraphRefused outcome);

        R unknown(Unknown outcome);

        R requestUnusable(RequestUnusable outcome);

        R sentBack(SentBack outcome);

        R handedOver(HandedOver outcome);
    }

    <R> R accept(Cases<R> cases);

    /** Whether a pass may have been created (issued, or no clear answer): an approval is then spent. */
    default boolean passMayExist() {
        return false;
    }

    /** Created: the value is shown once, on the response to this POST. */
    record Issued(DirectoryUser user, IssuedPass pass) implements IssueOutcome {
        public <R> R accept(Cases<R> cases) {
            return cases.issued(this);
        }

        @Override
        public boolean passMayExist() {
            return true;
        }
    }

    /**
     * The person has a working pass and the operator did not confirm replacing that very pass. {@code seenBefore}:
     * their form showed this pass (they did not tick the box); otherwise it is new to them (issued since the form was
     * loaded or the request made). Nothing was sent.
     */
    record ReplaceNeeded(CardFacts facts, PassStatus current, boolean seenBefore) implements IssueOutcome {
        public <R> R accept(Cases<R> cases) {
            return cases.replaceNeeded(this);
        }
    }

    /**
     * A rule wants a second person: stored as request {@code requestId}, nothing sent to Graph. {@code existing}: the
     * requester already had this request open for the person, so no new one was stored.
     */
    record NeedsApproval(long requestId, boolean existing) implements IssueOutcome {
        public <R> R accept(Cases<R> cases) {
            return cases.needsApproval(this);
        }
    }

    /**
     * No usable check of the caller of the tier this request needs, by this operator for this person (none recorded,
     * expired, or already consumed). Audited; nothing sent; the form's token stays unspent. {@code notCovering}: a usable
     * check of the tier that covers another request (a manager confirmed another ticket or a smaller pass), or null.
     */
    record NotVerified(CardFacts facts, CallerRules.Needed needed, CallerCheck notCovering) implements IssueOutcome {
        public <R> R accept(Cases<R> cases) {
            return cases.notVerified(this);
        }
    }

    /** TapDesk's guardrails refuse ({@code aboutPerson}: whatever the form says). Audited, nothing sent. */
    record Refused(CardFacts facts, List<Refusal> refusals, boolean aboutPerson) implements IssueOutcome {
        public Refused {
            refusals = List.copyOf(refusals);
        }

        public <R> R accept(Cases<R> cases) {
            return cases.refused(this);
        }
    }

    /** The form has errors (they are in its binding result). */
    record Invalid(CardFacts facts) implements IssueOutcome {
        public <R> R accept(Cases<R> cases) {
            return cases.invalid(this);
        }
    }

    /** The form's single-use token was spent already (a reload, a second tab): no second pass. */
    record Spent(DirectoryUser user, PassStatus current) implements IssueOutcome {
        public <R> R accept(Cases<R> cases) {
            return cases.spent(this);
        }
    }

    /** A rate limit ({@code "operator"} or {@code "person"}) refused; the next pass is allowed at {@code nextAllowed}. */
    record Limited(CardFacts facts, String limit, Instant nextAllowed) implements IssueOutcome {
        public <R> R accept(Cases<R> cases) {
            return cases.limited(this);
        }
    }

    /** Someone else is issuing or revoking for this person right now ({@code samePerson}), or TapDesk is full. */
    record Busy(String userId, boolean samePerson) implements IssueOutcome {
        public <R> R accept(Cases<R> cases) {
            return cases.busy(this);
        }
    }

    /**
     * The audit trail could not record the intent, so nothing was sent to Graph. {@code damaged}: the chain does not
     * end where its signed head says (an administrator must investigate), rather than the database being away.
     */
    record NotRecorded(boolean damaged) implements IssueOutcome {

        static NotRecorded because(RuntimeException e) {
            return new NotRecorded(e instanceof AuditUnavailable unavailable && unavailable.damaged());
        }

        public <R> R accept(Cases<R> cases) {
            return cases.notRecorded(this);
        }
    }

    /** Graph refused; nothing was created. */
    record GraphRefused(CardFacts facts, GraphFailure failure) implements IssueOutcome {
        public <R> R accept(Cases<R> cases) {
            return cases.graphRefused(this);
        }
    }

    /**
     * No clear answer: a pass may or may not exist now, and nobody saw its value. {@code current} is the status read
     * afterwards, null when that read failed too ({@code readFailure}). {@code noNewPass}: a 5xx or a time-out after
     * which the pass read again is the one read before the create (no new pass), so an approval stays usable.
     */
    record Unknown(DirectoryUser user, GraphFailure failure, PassStatus current, GraphFailure readFailure,
                   boolean noNewPass) implements IssueOutcome {
        public <R> R accept(Cases<R> cases) {
            return cases.unknown(this);
        }

        @Override
        public boolean passMayExist() {
            return !noNewPass;
        }
    }

    /**
     * The person changed since the approval (privilege, enabled, user type or the pass policy): the request is back
     * with the approvers, with {@code changes}. Nothing was sent to Graph.
     */
    record SentBack(ApprovalRequest request, List<ApprovalSnapshot.Change> changes) implements IssueOutcome {
        public SentBack {
            changes = List.copyOf(changes);
        }

        public <R> R accept(Cases<R> cases) {
            return cases.sentBack(this);
        }
    }

    /**
     * A hand-over was stored instead of a pass (issue 19): the recipient picks the pass up; the agent never sees it.
     * Nothing was sent to Graph; the caller check is spent by the hand-over.
     */
    record HandedOver(DirectoryUser user, HandingOver.Made made) implements IssueOutcome {
        public <R> R accept(Cases<R> cases) {
            return cases.handedOver(this);
        }
    }

    /** The approved request cannot be issued: not approved (or issued already), or its approval expired. */
    record RequestUnusable(ApprovalRequest request, Approvals.Claim why) implements IssueOutcome {
        public <R> R accept(Cases<R> cases) {
            return cases.requestUnusable(this);
        }
    }
}
