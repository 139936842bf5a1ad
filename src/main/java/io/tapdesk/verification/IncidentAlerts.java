package io.tapdesk.verification;

/**
 * SEAM for the Approvers' message (issue 17 item 4): called once per incident, after its fence and audit rows are
 * stored, and only when {@code tapdesk.verification.incident-mailbox} is set. The default bean ({@link IncidentConfig})
 * sends nothing; after notices17 is merged, {@code IncidentConfig.incidentAlerts()} returns one that puts a message for
 * that mailbox in the outbox (who reported whom, when, until when; never anything secret). An implementation must
 * not throw for a send that fails later (the outbox retries); what it throws is logged and the incident stands.
 */
public interface IncidentAlerts {

    /** {@code fence}: the incident just reported; {@code mailbox}: the configured Approvers' mailbox, never blank. */
    void reported(Fence fence, String mailbox);
}
