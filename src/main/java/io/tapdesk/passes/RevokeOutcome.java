package io.tapdesk.passes;

import io.tapdesk.audit.AuditUnavailable;
import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.directory.PassStatus;
import io.tapdesk.graph.GraphFailure;

/** How an attempt to revoke a pass ended. Sealed, read through {@link Cases} ({@link RevokeController} maps it). */
public sealed interface RevokeOutcome {

    interface Cases<R> {
        R revoked(Revoked outcome);

        R replaced(Replaced outcome);

        R busy(Busy outcome);

        R notRecorded(NotRecorded outcome);

        R graphFailed(GraphFailed outcome);

        R invalidForm(InvalidForm outcome);
    }

    <R> R accept(Cases<R> cases);

    /** Done; {@code alreadyGone}: Graph said the pass no longer existed. */
    record Revoked(DirectoryUser user, boolean alreadyGone) implements RevokeOutcome {
        public <R> R accept(Cases<R> cases) {
            return cases.revoked(this);
        }
    }

    /**
     * The confirmed pass was gone (Graph's 404), and the person has a newer live pass: a colleague replaced it since
     * the confirmation was shown. Nothing was revoked; the operator may revoke {@code newer}, knowingly.
     */
    record Replaced(DirectoryUser user, PassStatus newer) implements RevokeOutcome {
        public <R> R accept(Cases<R> cases) {
            return cases.replaced(this);
        }
    }

    /** The ticket or the reason did not pass ({@code true}: that field is wrong). Nothing recorded or sent. */
    record InvalidForm(boolean ticket, boolean reason) implements RevokeOutcome {
        public <R> R accept(Cases<R> cases) {
            return cases.invalidForm(this);
        }
    }

    /** Someone else is issuing or revoking for this person right now, or TapDesk is full. Nothing was sent. */
    record Busy(String userId, boolean samePerson) implements RevokeOutcome {
        public <R> R accept(Cases<R> cases) {
            return cases.busy(this);
        }
    }

    /**
     * The audit trail could not record the intent, so nothing was sent to Graph. {@code damaged}: the chain does not
     * end where its signed head says (an administrator must investigate), rather than the database being away.
     */
    record NotRecorded(boolean damaged) implements RevokeOutcome {

        static NotRecorded because(RuntimeException e) {
            return new NotRecorded(e instanceof AuditUnavailable unavailable && unavailable.damaged());
        }

        public <R> R accept(Cases<R> cases) {
            return cases.notRecorded(this);
        }
    }

    /** Graph refused, or gave no clear answer ({@link GraphFailure#outcomeUnknown()}); audited either way. */
    record GraphFailed(GraphFailure failure) implements RevokeOutcome {
        public <R> R accept(Cases<R> cases) {
            return cases.graphFailed(this);
        }
    }
}
