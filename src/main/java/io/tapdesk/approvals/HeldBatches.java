package io.tapdesk.approvals;

import java.time.Instant;
import java.util.List;

import io.tapdesk.security.Operator;

/**
 * Other things held for a second person that the approvals queue lists beside the requests (issue 19: the new-hire
 * batches of onboarding, a package above this one, which implements it). Holds nothing secret.
 */
public interface HeldBatches {

    /**
     * One held batch as the queue shows it.
     *
     * @param link            the page where it is decided (a path inside TapDesk, e.g. {@code /onboarding/batches/<uuid>})
     * @param people          how many people it holds
     * @param lifetimeMinutes the passes' lifetime, 1..43200
     * @param reasons         why it needs a second person (message keys {@code approval.reason.*})
     */
    record HeldBatch(String id, String link, String createdByName, Instant created, int people, int lifetimeMinutes,
                     boolean oneTime, List<String> reasons) {
        public HeldBatch {
            reasons = List.copyOf(reasons);
        }
    }

    /** The batches awaiting a decision that {@code approver} may take: never the ones they created. Oldest first. */
    List<HeldBatch> heldFor(Operator approver);
}
