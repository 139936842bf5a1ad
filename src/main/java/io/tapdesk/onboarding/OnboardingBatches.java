package io.tapdesk.onboarding;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.tapdesk.approvals.ApprovalRules;
import io.tapdesk.approvals.HeldBatches;
import io.tapdesk.audit.AuditAction;
import io.tapdesk.audit.AuditLog;
import io.tapdesk.audit.AuditOutcome;
import io.tapdesk.directory.TapPolicy;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.handover.HandOver;
import io.tapdesk.handover.HandOvers;
import io.tapdesk.outbox.Jobs;
import io.tapdesk.passes.HandingOver;
import io.tapdesk.passes.HandingOver.NewHireBatch;
import io.tapdesk.passes.HandingOver.NewHirePlan;
import io.tapdesk.passes.HandingOver.PlanOutcome;
import io.tapdesk.policy.TenantPolicy;
import io.tapdesk.security.Operator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The batches of the "Starting soon" page: the people chosen are read again (never the page's times), the settings
 * checked against the tenant's policy, the approval rules applied to the settings (a batch waits for an Approver who is
 * not its creator when they require one), then per person {@link HandingOver#forNewHires} (handover's use case: the
 * guardrails, the refusals, one audit row per person) and, for each scheduled hand-over, ONE job that sends its link
 * ({@link PickupLinkJob}, task {@code pickup-link}, instance = the hand-over id, at the link's send time).
 */
@Service
public class OnboardingBatches implements HeldBatches {

    private static final Logger log = LoggerFactory.getLogger(OnboardingBatches.class);
    /** The most people one batch may hold (the V18 check agrees). */
    public static final int MAX_PEOPLE = 500;
    private static final Pattern OBJECT_ID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    /** One person's result: scheduled (the hand-over holds the times) or refused with a message key. */
    public record PersonResult(String personId, String displayName, boolean scheduled, Long handOverId, String refusalKey) {
    }

    /** A stored batch with its results (empty while it awaits approval). */
    public record Batch(UUID id, String createdBy, String createdByName, Instant created, int lifetimeMinutes,
                        boolean oneTime, List<String> people, List<String> approvalReasons, String state,
                        String decidedByName, List<PersonResult> results, String rejectReason) {

        public boolean awaitingApproval() {
            return "awaiting-approval".equals(state);
        }

        /** An Approver rejected it: nothing was scheduled; {@link #rejectReason()} says why. */
        public boolean rejected() {
            return "rejected".equals(state);
        }
    }

    /** What a POST of the page led to. */
    public sealed interface Outcome permits Invalid, Stored {
    }

    /** Nothing stored: the key says why (a 4xx on the page). */
    public record Invalid(String key, Object... args) implements Outcome {
    }

    /** Stored: scheduled now, or awaiting approval. */
    public record Stored(UUID batchId) implements Outcome {
    }

    private final StartingSoon startingSoon;
    private final HandingOver handingOver;
    private final HandOvers handOvers;
    private final PickupLinkJob job;
    private final Jobs jobs;
    private final ApprovalRules approvalRules;
    private final TenantPolicy policy;
    private final JdbcClient jdbc;
    private final GraphGateway graph;
    private final Clock clock;
    private final AuditLog audit;

    OnboardingBatches(StartingSoon startingSoon, HandingOver handingOver, HandOvers handOvers, PickupLinkJob job, Jobs jobs,
                      ApprovalRules approvalRules, TenantPolicy policy, JdbcClient jdbc, GraphGateway graph, Clock clock,
                      AuditLog audit) {
        this.audit = audit;
        this.graph = graph;
        this.startingSoon = startingSoon;
        this.handingOver = handingOver;
        this.handOvers = handOvers;
        this.job = job;
        this.jobs = jobs;
        this.approvalRules = approvalRules;
        this.policy = policy;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * A batch for {@code personIds} with the settings chosen. Invalid (nothing stored): no one chosen, too many, an id
     * that is no object id, jobs off (no sender mailbox), a lifetime outside the tenant's policy or a multi-use pass the
     * policy forbids, the policy unreadable. Otherwise stored; scheduled at once unless the approval rules hold it.
     */
    public Outcome create(Operator operator, List<String> personIds, int lifetimeMinutes, boolean oneTime, String clientAddress) {
        if (!startingSoon.properties().enabled()) {
            return new Invalid("onboarding.off");
        }
        List<String> asked = personIds == null ? List.of() : personIds;
        if (asked.isEmpty()) {
            return new Invalid("onboarding.batch.none");
        }
        if (asked.stream().anyMatch(id -> id == null || !OBJECT_ID.matcher(id).matches())) {
            return new Invalid("onboarding.batch.bad-person");
        }
        // Entra's object ids are case-insensitive: one person named twice in other case is one person (else two
        // hand-overs, two links)
        Set<String> people = new LinkedHashSet<>();
        asked.forEach(id -> people.add(id.toLowerCase(java.util.Locale.ROOT)));
        if (people.size() > MAX_PEOPLE) {
            return new Invalid("onboarding.batch.too-many", MAX_PEOPLE);
        }
        if (!jobs.enabled()) {
            return new Invalid("onboarding.batch.no-jobs");
        }
        Invalid settings = settings(lifetimeMinutes, oneTime);
        if (settings != null) {
            return settings;
        }
        List<String> reasons = approvalReasons(lifetimeMinutes, oneTime);
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        insert into onboarding_batch (id, created_by, created_by_name, created_by_upn, created_by_roles,
                            created_by_wids, client_address, created_at, lifetime_minutes, one_time, people,
                            approval_reasons, state)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, operator.objectId(), operator.name(), operator.username(), String.join(" ", operator.appRoles()),
                        String.join(" ", operator.directoryRoles()), clientAddress, Timestamp.from(clock.instant()),
                        lifetimeMinutes, oneTime, people.toArray(String[]::new), String.join(" ", reasons),
                        reasons.isEmpty() ? "scheduling" : "awaiting-approval")
                .update();
        if (reasons.isEmpty()) {
            run(id, operator, List.copyOf(people), lifetimeMinutes, oneTime, clientAddress);
        }
        return new Stored(id);
    }

    /** The policy's bounds (a lifetime Entra would refuse, multi-use where only one-time passes are allowed). */
    private Invalid settings(int lifetimeMinutes, boolean oneTime) {
        TapPolicy tap;
        try {
            // app-only: an onboarding operator holds no Entra role that reads the policy
            tap = policy.currentAppOnly().policy();
        } catch (RuntimeException e) {
            return new Invalid("onboarding.batch.policy-unknown");
        }
        if (tap == null) {
            return new Invalid("onboarding.batch.policy-unknown");
        }
        if (!tap.enabled()) {
            return new Invalid("onboarding.batch.policy-off");
        }
        if (lifetimeMinutes < tap.minimumLifetime() || lifetimeMinutes > tap.maximumLifetime()) {
            return new Invalid("onboarding.batch.lifetime", tap.minimumLifetime(), tap.maximumLifetime());
        }
        if (!oneTime && tap.usableOnceOnly()) {
            return new Invalid("onboarding.batch.one-time-only");
        }
        return null;
    }

    /**
     * What the batch form offers (walk finding 10): the longest lifetime that needs no approver, within the tenant's
     * policy when it can be read, and the rules the page states.
     *
     * @param defaultMinutes      the form's lifetime: {@code lifetime-above}, clamped to the policy's range (the policy's
     *                            own default when it is shorter, so the pass is no longer than the tenant wants by default)
     * @param approvalAbove       a lifetime above this needs an approver
     * @param multiUseNeedsApproval whether a pass usable more than once needs an approver
     * @param minimum             the policy's shortest lifetime, or 10 when unreadable
     * @param maximum             the policy's longest lifetime, or 43200 when unreadable
     */
    public record FormDefaults(int defaultMinutes, int approvalAbove, boolean multiUseNeedsApproval, int minimum, int maximum) {
    }

    /** The batch form's defaults; reads the policy app-only (unreadable: Entra's bounds; the POST checks again). */
    public FormDefaults formDefaults() {
        int above = approvalRules.properties().lifetimeAbove();
        int min = 10;
        int max = 43200;
        try {
            TapPolicy tap = policy.currentAppOnly().policy();
            if (tap != null) {
                min = tap.minimumLifetime();
                max = tap.maximumLifetime();
            }
        } catch (RuntimeException e) {
            log.debug("Policy unreadable for the batch form's defaults: Entra's bounds shown", e);
        }
        int chosen = Math.max(min, Math.min(above, max));
        return new FormDefaults(chosen, above, approvalRules.properties().multiUse(), min, max);
    }

    /** The approval rules about the settings (the person-level ones are the use case's: it refuses privileged people). */
    List<String> approvalReasons(int lifetimeMinutes, boolean oneTime) {
        List<String> reasons = new ArrayList<>();
        if (approvalRules.properties().multiUse() && !oneTime) {
            reasons.add("approval.reason.multi-use");
        }
        if (lifetimeMinutes > approvalRules.properties().lifetimeAbove()) {
            reasons.add("approval.reason.lifetime");
        }
        return reasons;
    }

    /** {@link #approve(UUID, Operator, String)} without a client address. */
    public boolean approve(UUID id, Operator approver) {
        return approve(id, approver, null);
    }

    /**
     * An Approver approves batch {@code id}: one conditional UPDATE (two approvers at once: one wins), never by its
     * creator; one APPROVE audit row per person (the approver acts; the batch id is the ticket), then its hand-overs
     * are made with the creator as the operator who asked.
     *
     * @return false when there is no such batch awaiting approval, or the approver created it
     */
    public boolean approve(UUID id, Operator approver, String clientAddress) {
        List<Batch> claimed = jdbc.sql("""
                        update onboarding_batch set state = 'scheduling', decided_by = ?, decided_by_name = ?, decided_at = ?
                        where id = ? and state = 'awaiting-approval' and created_by <> ?
                        returning *""")
                .params(approver.objectId(), approver.name(), Timestamp.from(clock.instant()), id, approver.objectId())
                .query((rs, n) -> batch(rs)).list();
        if (claimed.isEmpty()) {
            return false;
        }
        Batch batch = claimed.get(0);
        var row = jdbc.sql("select created_by, created_by_name, created_by_upn, created_by_roles, created_by_wids, client_address "
                        + "from onboarding_batch where id = ?").param(id)
                .query((rs, n) -> new Object[] {new Operator(rs.getString(1), rs.getString(2), rs.getString(3),
                        words(rs.getString(4)), words(rs.getString(5))), rs.getString(6)}).single();
        Operator creator = (Operator) row[0];
        auditDecision(batch, creator, approver, AuditAction.APPROVE, AuditOutcome.APPROVED, null, clientAddress);
        run(id, creator, batch.people(), batch.lifetimeMinutes(), batch.oneTime(), (String) row[1]);
        return true;
    }

    /** The longest reason a rejection may give (the V20 check agrees). */
    public static final int MAX_REASON = 500;

    /**
     * An Approver rejects batch {@code id} with {@code reason} (1..500 characters, control characters made spaces):
     * nothing is scheduled, the batch's page shows the reason to its creator; one REJECT audit row per person.
     *
     * @return null when rejected; else the key of why not: {@code onboarding.batch.reason-missing},
     *         {@code onboarding.batch.reason-too-long}, {@code onboarding.batch.not-approvable} (no such batch awaiting
     *         approval, or the approver created it)
     */
    public String reject(UUID id, Operator approver, String reason, String clientAddress) {
        String text = reason == null ? "" : reason.replaceAll("\\p{Cntrl}", " ").strip();
        if (text.isEmpty()) {
            return "onboarding.batch.reason-missing";
        }
        if (text.length() > MAX_REASON) {
            return "onboarding.batch.reason-too-long";
        }
        List<Batch> claimed = jdbc.sql("""
                        update onboarding_batch set state = 'rejected', decided_by = ?, decided_by_name = ?, decided_at = ?,
                            reject_reason = ?
                        where id = ? and state = 'awaiting-approval' and created_by <> ?
                        returning *""")
                .params(approver.objectId(), approver.name(), Timestamp.from(clock.instant()), text, id, approver.objectId())
                .query((rs, n) -> batch(rs)).list();
        if (claimed.isEmpty()) {
            return "onboarding.batch.not-approvable";
        }
        String creatorUpn = jdbc.sql("select created_by_upn from onboarding_batch where id = ?").param(id)
                .query(String.class).single();
        auditDecision(claimed.get(0), new Operator(claimed.get(0).createdBy(), claimed.get(0).createdByName(), creatorUpn,
                Set.of(), Set.of()), approver, AuditAction.REJECT, AuditOutcome.REJECTED, text, clientAddress);
        return null;
    }

    /**
     * One row per person rather than one per batch: the audit page filters by person, so each new hire's trail reads
     * "approved (or rejected) by …, handed over, link sent, picked up" in one place; the ticket {@code onboarding <batch
     * id>} ties the rows of one batch together, and the detail names the batch and who made it. The person's UPN comes
     * from a fresh read when it can be had (the id is always there).
     */
    private void auditDecision(Batch batch, Operator creator, Operator approver, AuditAction action, AuditOutcome outcome,
                               String reason, String clientAddress) {
        java.util.Map<String, String> upns = new java.util.HashMap<>();
        try {
            startingSoon.fresh(batch.people()).forEach(r -> upns.put(r.person().id().toLowerCase(java.util.Locale.ROOT),
                    r.person().userPrincipalName()));
        } catch (RuntimeException unreadable) {
            log.info("Batch {}: the people could not be read for the audit rows; their ids are recorded", batch.id());
        }
        for (String person : batch.people()) {
            AuditLog.Context context = new AuditLog.Context(approver, person, upns.get(person.toLowerCase(java.util.Locale.ROOT)),
                    "onboarding " + batch.id(), null, reason, clientAddress);
            audit.event(action, outcome, context, "onboarding batch " + batch.id() + " of " + creator.username());
        }
    }

    /** The people of a held batch as read now (name, UPN, local start, manager), for the approver; empty when unreadable. */
    public Optional<List<StartingSoon.Row>> peopleNow(Batch batch) {
        try {
            return Optional.of(startingSoon.fresh(batch.people()));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static Set<String> words(String text) {
        return text == null || text.isBlank() ? Set.of() : Set.of(text.trim().split("\\s+"));
    }

    /** Re-reads the people, makes the plans, runs the use case and schedules one job per hand-over. */
    private void run(UUID id, Operator operator, List<String> people, int lifetimeMinutes, boolean oneTime, String clientAddress) {
        List<StartingSoon.Row> rows;
        List<String> lines = new ArrayList<>();
        try {
            rows = startingSoon.fresh(people);
        } catch (StartingSoon.ListUnreadable unreadable) {
            people.forEach(p -> lines.add(line(p, "refused", unreadable.key, "")));
            finish(id, lines);
            return;
        }
        Instant now = clock.instant();
        List<NewHirePlan> plans = new ArrayList<>();
        for (String person : people) {
            Optional<StartingSoon.Row> row = rows.stream().filter(r -> r.person().id().equalsIgnoreCase(person)).findFirst();
            if (row.isEmpty()) {
                lines.add(line(person, "refused", "onboarding.batch.not-listed", ""));
                continue;
            }
            // one hand-over per new hire: HandingOver.forNewHires checks it under the person's lock (two batches at once)
            StartTimes times = row.get().times();
            if (!times.passStart().isAfter(now)) {
                lines.add(line(person, "refused", "onboarding.row.too-late", row.get().person().displayName()));
                continue;
            }
            // a send time already past (the batch made late): the link goes now, and works its full time from now
            Instant send = times.linkSendAt().isBefore(now) ? now : times.linkSendAt();
            Instant expires = times.linkSendAt().isBefore(now) ? now.plus(java.time.Duration.between(times.linkSendAt(),
                    times.linkExpires())) : times.linkExpires();
            if (!expires.isAfter(handOvers.pickupWindow().opensAt(times.passStart()))) {
                // the link would expire before its pickup window opens (link-days-before longer than its lifetime)
                lines.add(line(person, "refused", "onboarding.batch.link-expires-before-window", row.get().person().displayName()));
                continue;
            }
            plans.add(new NewHirePlan(row.get().person().id(), times.passStart(), send, expires));
        }
        java.util.Map<String, String> names = new java.util.HashMap<>();
        rows.forEach(r -> names.put(r.person().id(), r.person().displayName()));
        List<PlanOutcome> outcomes = plans.isEmpty() ? List.of()
                : handingOver.forNewHires(new NewHireBatch(operator, plans, lifetimeMinutes, oneTime, id.toString(), clientAddress));
        for (int i = 0; i < outcomes.size(); i++) {
            PlanOutcome outcome = outcomes.get(i);
            if (!outcome.scheduled()) {
                lines.add(line(outcome.personId(), "refused", outcome.refusalKey(), names.get(outcome.personId())));
                continue;
            }
            try {
                job.schedule(outcome.handOverId(), plans.get(i).linkSendAt());
                lines.add(line(outcome.personId(), "scheduled", String.valueOf(outcome.handOverId()), names.get(outcome.personId())));
            } catch (RuntimeException e) {
                // no job, no link: the hand-over would wait for ever; revoke it rather than leave it half-done
                log.warn("Hand-over {} stored but its link job could not be scheduled: revoked", outcome.handOverId(), e);
                handOvers.revoke(outcome.handOverId(), "onboarding: job not scheduled", now);
                lines.add(line(outcome.personId(), "refused", "onboarding.batch.job-failed", names.get(outcome.personId())));
            }
        }
        finish(id, lines);
    }

    /** One result line: id, word, hand-over id or key, name; tab-separated (a display name holds no tab: stripped). */
    private static String line(String personId, String word, String value, String name) {
        return personId + "\t" + word + "\t" + value + "\t" + (name == null ? "" : name.replaceAll("[\\t\\n\\r]", " "));
    }

    private void finish(UUID id, List<String> lines) {
        jdbc.sql("update onboarding_batch set state = 'scheduled', outcomes = ? where id = ?")
                .params(String.join("\n", lines), id).update();
    }

    /** Batches awaiting approval for the approvals queue: never the approver's own (they may not approve them). */
    @Override
    public List<HeldBatch> heldFor(Operator approver) {
        return jdbc.sql("select * from onboarding_batch where state = 'awaiting-approval' and created_by <> ? "
                        + "order by created_at, id limit 200")
                .param(approver.objectId()).query((rs, n) -> batch(rs)).list().stream()
                .map(b -> new HeldBatch(b.id().toString(), "/onboarding/batches/" + b.id(), b.createdByName(), b.created(),
                        b.people().size(), b.lifetimeMinutes(), b.oneTime(), b.approvalReasons()))
                .toList();
    }

    /** Batch {@code id} with its results (times computed again from the hand-overs it made). */
    public Optional<Batch> find(UUID id) {
        return jdbc.sql("select * from onboarding_batch where id = ?").param(id).query((rs, n) -> batch(rs)).optional();
    }

    private Batch batch(java.sql.ResultSet rs) throws java.sql.SQLException {
        Array array = rs.getArray("people");
        List<String> people = Arrays.asList((String[]) array.getArray());
        String reasons = rs.getString("approval_reasons");
        List<PersonResult> results = new ArrayList<>();
        String outcomes = rs.getString("outcomes");
        if (outcomes != null && !outcomes.isBlank()) {
            for (String line : outcomes.split("\n")) {
                String[] parts = line.split("\t", 4);
                boolean scheduled = "scheduled".equals(parts[1]);
                results.add(new PersonResult(parts[0], parts.length > 3 && !parts[3].isBlank() ? parts[3] : parts[0], scheduled,
                        scheduled ? Long.valueOf(parts[2]) : null, scheduled ? null : parts[2]));
            }
        }
        return new Batch(rs.getObject("id", UUID.class), rs.getString("created_by"), rs.getString("created_by_name"),
                rs.getTimestamp("created_at").toInstant(), rs.getInt("lifetime_minutes"), rs.getBoolean("one_time"), people,
                reasons == null || reasons.isBlank() ? List.of() : List.of(reasons.split(" ")), rs.getString("state"),
                rs.getString("decided_by_name"), results, rs.getString("reject_reason"));
    }

    /** The newest {@code limit} batches, newest first: Starting soon lists them, so a creator sees a held or rejected one. */
    public List<Batch> recent(int limit) {
        return jdbc.sql("select * from onboarding_batch order by created_at desc limit ?").param(limit)
                .query((rs, n) -> batch(rs)).list();
    }

    /** The hand-overs a batch made, for its result page (names, times, state). */
    public List<HandOver> handOvers(UUID id) {
        return handOvers.byBatch(id.toString());
    }
}
