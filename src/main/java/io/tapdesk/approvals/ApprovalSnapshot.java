package io.tapdesk.approvals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import io.tapdesk.directory.TapPolicy;
import io.tapdesk.users.CardFacts;
import io.tapdesk.users.Privilege;

/**
 * What an approver saw about the person when deciding, kept with the approval and compared with a fresh read when the
 * pass is issued (docs/approvals.md §2). Never a pass value: a pass id, and the pass policy only as a SHA-256.
 *
 * @param privilege  {@code none}, the privileged roles and groups by name ({@code role:…, group:…, protected:…},
 *                   sorted), or {@link #UNKNOWN} when the memberships could not be read
 * @param livePassId the id of the pass that worked (or might) then; null when there was none
 * @param policyHash SHA-256 (hex) of the pass policy's settings, or {@link #UNKNOWN}
 */
public record ApprovalSnapshot(String privilege, String livePassId, boolean enabled, String userType, String policyHash) {

    public static final String UNKNOWN = "unknown";

    /** One difference between the approval and now: {@code what} names a message key {@code approval.change.<what>}. */
    public record Change(String what, String was, String now) {
    }

    public static ApprovalSnapshot of(CardFacts facts) {
        var pass = facts.pass().ok() && facts.currentPass().mayWork() ? facts.currentPass().passId() : null;
        return new ApprovalSnapshot(facts.privilege().unknown() ? UNKNOWN : describe(facts.privilege()), pass,
                facts.user().accountEnabled(), Objects.requireNonNullElse(facts.user().userType(), ""),
                facts.policy().known() ? hash(facts.policy().policy()) : UNKNOWN);
    }

    /**
     * What changed from this (the approval) to {@code fresh} (now) in privilege, enabled, user type or policy. A
     * different live pass is not a change here: the replace confirmation, bound to that pass's id, handles it.
     */
    public List<Change> changesTo(ApprovalSnapshot fresh) {
        List<Change> changes = new ArrayList<>();
        if (!privilege.equals(fresh.privilege)) {
            changes.add(new Change("privilege", privilege, fresh.privilege));
        }
        if (enabled != fresh.enabled) {
            changes.add(new Change("enabled", Boolean.toString(enabled), Boolean.toString(fresh.enabled)));
        }
        if (!userType.equals(fresh.userType)) {
            changes.add(new Change("user-type", userType, fresh.userType));
        }
        if (!policyHash.equals(fresh.policyHash)) {
            changes.add(new Change("policy", "", ""));
        }
        return changes;
    }

    /**
     * What the decide page showed of the things {@link #changesTo} compares (privilege, enabled, user type, policy), as
     * a SHA-256 (hex) the page's form carries: an approval is refused when the person read at the POST differs from it,
     * so what an approval keeps is what the approver saw, not what changed while they looked. The live pass is left
     * out, as in {@link #changesTo}.
     */
    public String shown() {
        return sha256(String.join("\n", privilege, Boolean.toString(enabled), userType, policyHash));
    }

    /**
     * Whether {@code fresh} cannot tell what the approver could: the memberships or the policy are unreadable now. Fail
     * closed: no pass, but nothing to send back either (it may read fine in a minute).
     */
    public boolean unreadableIn(ApprovalSnapshot fresh) {
        return (UNKNOWN.equals(fresh.privilege) && !UNKNOWN.equals(privilege))
                || (UNKNOWN.equals(fresh.policyHash) && !UNKNOWN.equals(policyHash));
    }

    static String describe(Privilege privilege) {
        if (!privilege.privileged()) {
            return "none";
        }
        return String.join(", ", Stream.of(
                        privilege.directoryRoles().stream().map(r -> "role:" + r),
                        privilege.roleAssignableGroups().stream().map(g -> "group:" + g),
                        privilege.protectedGroups().stream().map(g -> "protected:" + g),
                        privilege.eligibleRoles().stream().map(r -> "eligible-role:" + r),
                        privilege.eligibleMemberOf().stream().map(g -> "eligible-member:" + g),
                        privilege.eligibleOwnerOf().stream().map(g -> "eligible-owner:" + g),
                        privilege.ownerOf().stream().map(g -> "owner:" + g))
                .flatMap(s -> s).sorted().toList());
    }

    static String hash(TapPolicy policy) {
        String settings = String.join("|", Boolean.toString(policy.enabled()), Integer.toString(policy.defaultLifetime()),
                Integer.toString(policy.minimumLifetime()), Integer.toString(policy.maximumLifetime()),
                Integer.toString(policy.length()), Boolean.toString(policy.usableOnceOnly()),
                String.join(",", policy.includeTargets().stream().sorted().toList()),
                String.join(",", policy.excludeTargets().stream().sorted().toList()));
        return sha256(settings);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Changes as stored in {@code approval_request.sent_back_changes}: one per line, tab-separated. */
    static String store(List<Change> changes) {
        return String.join("\n", changes.stream().map(c -> c.what() + "\t" + clean(c.was()) + "\t" + clean(c.now())).toList());
    }

    static List<Change> load(String stored) {
        if (stored == null || stored.isEmpty()) {
            return List.of();
        }
        return stored.lines().map(l -> l.split("\t", -1)).map(p -> new Change(p[0], p.length > 1 ? p[1] : "",
                p.length > 2 ? p[2] : "")).toList();
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ');
    }
}
