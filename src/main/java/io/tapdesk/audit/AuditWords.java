package io.tapdesk.audit;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tapdesk.directory.PassStatus;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.web.DisplayTime;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.stereotype.Component;

/**
 * An audit row in a person's words, for the audit page and the CSV export: action, outcome, caller check, reason and
 * detail in the page's language, times to the minute (page) or second (CSV). The rows themselves stay as they were
 * stored (their words are part of the keyed chain, docs/audit.md); only how they are shown changes here.
 *
 * <p>The stored {@code detail} has a few machine shapes (a refusal's message keys, a Graph failure's kind and code, a
 * request's number, an export's filter, a pass's id); each is recognised and said in words. A detail of no known
 * shape (written by hand in a repair, or by a later version) is shown as recorded.
 */
@Component
public class AuditWords {

    private static final Pattern REQUEST_REASONS = Pattern.compile("request #(\\d+): (.*)");
    private static final Pattern REQUEST_BY = Pattern.compile("request #(\\d+) by (.+)");
    private static final Pattern REQUEST_WITHDRAWN = Pattern.compile("request #(\\d+) withdrawn by its requester");
    private static final Pattern REQUEST_SENT_BACK = Pattern.compile("request #(\\d+) sent back for approval: (.*)");
    private static final Pattern REQUEST_EXPIRED = Pattern.compile("request #(\\d+) approved too long ago");
    private static final Pattern REQUEST_ISSUED = Pattern.compile("request #(\\d+) issued by its requester");
    private static final Pattern RATE_LIMIT = Pattern.compile("rate-limit (operator|person) until (\\S+)( \\(request\\))?");
    private static final Pattern CHECK = Pattern.compile("(low|medium|high) until (\\S+)");
    private static final Pattern GRAPH = Pattern.compile("([A-Z][A-Z_]+) ?(\\S*)( no-new-pass)?");
    private static final Pattern PASS = Pattern.compile("pass ([A-Za-z0-9_-]{1,100})");
    private static final Pattern NEWER_PASS = Pattern.compile("newer pass ([A-Za-z0-9_-]{1,100})");
    private static final Pattern KEYS = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9-]+)+(,[a-z][a-z0-9-]*(\\.[a-z0-9-]+)+)*");
    private static final Pattern KEY_ROTATED = Pattern.compile("key (\\S+) takes over from key (\\S+) after sequence (\\d+)");
    private static final Pattern EXPORT = Pattern.compile(
            "operator=(.*) person=(.*) action=(.*) outcome=(.*) from=(.*) to=(.*)");

    // an incident's rows (verification.Incidents): "fence until <instant>; asked by <upn>", "reported by <upn>; fence
    // until <instant>", "fence lifted"
    private static final Pattern FENCE_UNTIL = Pattern.compile("fence until (\\S+)");
    private static final Pattern ASKED_BY = Pattern.compile("asked by (.+)");
    private static final Pattern REPORTED_BY = Pattern.compile("reported by (.+)");
    /** "Ask the manager" (verification.ManagerConfirmations): {@code manager-<what>[ <words>][: <name or ids>]}. */
    private static final Pattern MANAGER = Pattern.compile("manager-([a-z-]+)(?: ([^:]+))?(?:: (.+))?");
    private static final Pattern QUESTION = Pattern.compile("question ([0-9a-f-]{36})");
    /** "Get verified" (verification.VerifiedIdSessions): what happened to which session, then a word or an instant, and a score. */
    private static final Pattern VERIFIED_ID = Pattern.compile("verified-id (started|refused|failed|expired) ([0-9a-f-]{36}|-) (\\S+)(?: ([0-9.]+))?");
    private static final String FENCE_LIFTED = "fence lifted";
    /** Hand-over (issue 19, passes.HandingOver): made, its link sent (or not), revoked or not; a pickup refused. */
    private static final Pattern HANDOVER_MADE = Pattern.compile("handover (\\d+) to (manager|person) (\\S+)");
    /** Since the walk of #19: with the recipient's UPN (or mail) and name. */
    private static final Pattern HANDOVER_MADE_NAMED = Pattern.compile("handover (\\d+) to (manager|person) (\\S+) (\\S+) (.+)");
    private static final Pattern HANDOVER_SENT = Pattern.compile("handover (\\d+) link sent by (mail|teams|mail\\+teams)");
    private static final Pattern HANDOVER_NOT_SENT = Pattern.compile("handover (\\d+) link not sent");
    private static final Pattern HANDOVER_REVOKED = Pattern.compile("handover (\\d+) revoked");
    private static final Pattern HANDOVER_NOT_REVOKED = Pattern.compile("handover (\\d+) not revoked: (\\S+)");
    private static final Pattern HANDOVER_ID = Pattern.compile("handover (\\d+)");
    /** A held new-hire batch approved or rejected (onboarding.OnboardingBatches): the batch and who made it. */
    private static final Pattern ONBOARDING_BATCH = Pattern.compile("onboarding batch ([0-9a-f-]{36}) of (\\S*)");
    private static final Pattern PICKUP_REFUSED = Pattern.compile("pickup refused (open|pickup) (\\S+)");


    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final MessageSource messages;

    AuditWords(MessageSource messages) {
        this.messages = messages;
    }

    /** One action as a person reads it. Empty strings, never null, for what the row does not have. */
    public record Line(long id, java.util.UUID actionId, String time, String timeUtc, String timeLocal, String action,
                       String outcome, boolean unknown, String operator, String person, String ticket,
                       String callerCheck, String callerNote, String pass, String detail, String graphRequestId, String clientAddress) {
    }

    /** {@code row} in {@code locale}, its times in {@code zone}. */
    public Line line(AuditRow row, ZoneId zone, Locale locale) {
        Instant at = row.at();
        String note = text(row.verificationNote());
        boolean legacyRevoke = "revoke".equals(row.kind()) && row.ticket() == null && PASS.matcher(note).matches();
        boolean noteIsReason = !legacyRevoke && row.verificationMethod() == null && !note.isEmpty();
        List<String> details = new ArrayList<>();
        if (legacyRevoke) {
            // rows written before issue 16 kept the revoked pass's id where the caller check goes
            details.add(detailPart(note, row, zone, locale));
        }
        if (noteIsReason) {
            details.add(msg("audit.detail.reason", locale, note));
        }
        if (row.detail() != null && !row.detail().isBlank()) {
            details.add(detail(row, zone, locale));
        }
        String check = row.verificationMethod() == null ? ""
                : words("verification." + row.verificationMethod(), locale, row.verificationMethod());
        String callerNote = row.verificationMethod() == null ? "" : note;
        String pass = row.lifetimeMinutes() == null ? "" : msg("audit.settings", locale, row.lifetimeMinutes(),
                Boolean.TRUE.equals(row.oneTime()) ? msg("pass.use.once", locale) : msg("pass.use.many", locale))
                + (row.startAt() == null ? "" : ", " + msg("audit.detail.starts", locale, minute(row.startAt(), zone, locale)));
        return new Line(row.id(), row.actionId(), minute(at, zone, locale), SECOND.format(at.atOffset(ZoneOffset.UTC)),
                SECOND.format(at.atZone(zone)), words("audit.action." + row.kind(), locale, row.kind()),
                words("audit.outcome." + row.outcome(), locale, row.outcome()), "unknown".equals(row.outcome()),
                text(row.operatorUpn()), text(row.targetUpn()), text(row.ticket()), check, callerNote, pass,
                String.join(" ", details), text(row.graphRequestId()), text(row.clientAddress()));
    }

    /** The CSV's column names in {@code locale}, in the order of {@link #csvCells}. */
    public List<String> csvHeader(Locale locale) {
        return Arrays.stream(CSV_COLUMNS).map(c -> msg("audit.csv." + c, locale)).toList();
    }

    /** What each CSV column holds, in {@code locale} (the export page lists them). */
    public List<String[]> csvColumns(Locale locale) {
        return Arrays.stream(CSV_COLUMNS).map(c -> new String[]{msg("audit.csv." + c, locale),
                msg("audit.csv." + c + ".about", locale)}).toList();
    }

    static final String[] CSV_COLUMNS = {"id", "time-utc", "time-local", "action", "outcome", "operator", "person",
            "ticket", "caller-check", "caller-note", "pass", "detail", "graph-request-id", "client-address", "action-id"};

    /** One line's cells for the CSV, in the order of {@link #csvHeader}. */
    public List<String> csvCells(Line l) {
        return List.of(Long.toString(l.id()), l.timeUtc(), l.timeLocal(), l.action(), l.outcome(), l.operator(),
                l.person(), l.ticket(), l.callerCheck(), l.callerNote(), l.pass(), l.detail(), l.graphRequestId(), l.clientAddress(),
                l.actionId() == null ? "" : l.actionId().toString());
    }

    private String detail(AuditRow row, ZoneId zone, Locale locale) {
        String detail = row.detail().strip();
        if ("repair".equals(row.kind()) || "upgrade".equals(row.kind())) {
            return detail; // written in words by the administrator who ran the command
        }
        // a revoke's outcome: "pass <id>", "<failure>; pass <id>", or "pass <id>; newer pass <id>" (a colleague's)
        List<String> parts = new ArrayList<>();
        for (String part : detail.split("; ")) {
            parts.add(detailPart(part.strip(), row, zone, locale));
        }
        return String.join(" ", parts);
    }

    private String detailPart(String detail, AuditRow row, ZoneId zone, Locale locale) {
        Matcher m;
        if ((m = REQUEST_REASONS.matcher(detail)).matches()) {
            return msg("audit.detail.request-reasons", locale, m.group(1), keys(m.group(2), locale));
        }
        if ((m = REQUEST_WITHDRAWN.matcher(detail)).matches()) {
            return msg("audit.detail.request-withdrawn", locale, m.group(1));
        }
        if ((m = REQUEST_SENT_BACK.matcher(detail)).matches()) {
            List<String> changes = Arrays.stream(m.group(2).split(",")).filter(s -> !s.isBlank())
                    .map(c -> words("audit.change." + c, locale, c)).toList();
            return msg("audit.detail.request-sent-back", locale, m.group(1), String.join(", ", changes));
        }
        if ((m = REQUEST_EXPIRED.matcher(detail)).matches()) {
            return msg("audit.detail.request-expired", locale, m.group(1));
        }
        if ((m = REQUEST_ISSUED.matcher(detail)).matches()) {
            return msg("audit.detail.request-issued", locale, m.group(1));
        }
        if ((m = REQUEST_BY.matcher(detail)).matches()) {
            return msg("audit.detail.request-by", locale, m.group(1), m.group(2));
        }
        if ((m = FENCE_UNTIL.matcher(detail)).matches()) {
            return msg("audit.detail.fence-until", locale, instant(m.group(1), zone, locale));
        }
        if ((m = ASKED_BY.matcher(detail)).matches()) {
            return msg("audit.detail.asked-by", locale, m.group(1));
        }
        if ((m = REPORTED_BY.matcher(detail)).matches()) {
            return msg("audit.detail.reported-by", locale, m.group(1));
        }
        if ((m = VERIFIED_ID.matcher(detail)).matches()) {
            return verifiedId(m, zone, locale);
        }
        if ((m = QUESTION.matcher(detail)).matches()) {
            return msg("audit.detail.question", locale, m.group(1));
        }
        if ((m = MANAGER.matcher(detail)).matches() && !words("audit.detail.manager-" + m.group(1), locale, "").isEmpty()) {
            return manager(m, zone, locale);
        }
        if ((m = ONBOARDING_BATCH.matcher(detail)).matches()) {
            return msg("audit.detail.onboarding-batch", locale, m.group(1), m.group(2));
        }
        if ((m = HANDOVER_MADE_NAMED.matcher(detail)).matches()) {
            return msg("audit.detail.handover-made." + m.group(2), locale, m.group(1), m.group(5), m.group(4), m.group(3));
        }
        if ((m = HANDOVER_MADE.matcher(detail)).matches()) {
            return msg("audit.detail.handover-made", locale, m.group(1), msg("handover.recipient-kind." + m.group(2), locale), m.group(3));
        }
        if ((m = HANDOVER_SENT.matcher(detail)).matches()) {
            return msg("audit.detail.handover-sent", locale, m.group(1), words("audit.detail.handover-by." + m.group(2), locale, m.group(2)));
        }
        if ((m = HANDOVER_NOT_SENT.matcher(detail)).matches()) {
            return msg("audit.detail.handover-not-sent", locale, m.group(1));
        }
        if ((m = HANDOVER_REVOKED.matcher(detail)).matches()) {
            return msg("audit.detail.handover-revoked", locale, m.group(1));
        }
        if ((m = HANDOVER_NOT_REVOKED.matcher(detail)).matches()) {
            return msg("audit.detail.handover-not-revoked", locale, m.group(1), words("handover.state." + m.group(2), locale, m.group(2)));
        }
        if ((m = HANDOVER_ID.matcher(detail)).matches()) {
            return msg("audit.detail.handover-id", locale, m.group(1));
        }
        if ((m = PICKUP_REFUSED.matcher(detail)).matches()) {
            return msg("audit.detail.pickup-refused", locale, msg("audit.detail.pickup-step." + m.group(1), locale),
                    words("audit.why." + m.group(2), locale, msg("audit.why.other", locale)));
        }
        if (FENCE_LIFTED.equals(detail)) {
            return msg("audit.detail.fence-lifted", locale);
        }
        if ((m = RATE_LIMIT.matcher(detail)).matches()) {
            return msg("audit.detail.rate-limit." + m.group(1), locale, instant(m.group(2), zone, locale))
                    + (m.group(3) == null ? "" : " " + msg("audit.detail.rate-limit.request", locale));
        }
        if ((m = CHECK.matcher(detail)).matches()) {
            // a check of the caller (verification.CallerChecks): its tier and until when it allows an action
            return msg("audit.detail.check", locale, msg("caller.tier." + m.group(1), locale), instant(m.group(2), zone, locale));
        }
        if ((m = PASS.matcher(detail)).matches()) {
            return msg("audit.detail.pass", locale, m.group(1));
        }
        if ((m = NEWER_PASS.matcher(detail)).matches()) {
            return msg("audit.detail.newer-pass", locale, m.group(1));
        }
        if ((m = KEY_ROTATED.matcher(detail)).matches()) {
            return msg("audit.detail.key-rotated", locale, m.group(1), m.group(2), m.group(3));
        }
        if ((m = EXPORT.matcher(detail)).matches()) {
            return export(m, locale);
        }
        if ((m = GRAPH.matcher(detail)).matches() && isKind(m.group(1))) {
            String code = m.group(2).isEmpty() || m.group(2).equals("null") ? "" : " " + msg("audit.detail.graph-code", locale, m.group(2));
            return words("audit.graph." + lowerHyphen(m.group(1)), locale, msg("audit.graph.other", locale)) + "." + code
                    + (m.group(3) == null ? "" : " " + msg("audit.detail.no-new-pass", locale));
        }
        if (isState(detail)) {
            return msg("audit.detail.state." + lowerHyphen(detail), locale);
        }
        if (KEYS.matcher(detail).matches()) {
            return keys(detail, locale);
        }
        return detail;
    }

    /** A step of "Get verified" in words: started (until), refused (why), failed (why, the score), expired (at). */
    private String verifiedId(Matcher m, ZoneId zone, Locale locale) {
        String what = m.group(1);
        String session = m.group(2).equals("-") ? msg("audit.detail.vid-no-session", locale) : m.group(2);
        String arg = m.group(3);
        return switch (what) {
            case "started" -> msg("audit.detail.vid-started", locale, session, instant(arg, zone, locale));
            case "expired" -> msg("audit.detail.vid-expired", locale, session, instant(arg, zone, locale));
            case "refused" -> msg("audit.detail.vid-refused", locale, session, words("audit.detail.vid-why." + arg, locale, arg));
            default -> msg("audit.detail.vid-failed", locale, session, words("vid.failure." + arg, locale, arg))
                    + (m.group(4) == null ? "" : " " + msg("audit.detail.vid-score", locale, m.group(4)));
        };
    }

    /** A step of "ask the manager" in words: asked (how, the code, whom), refused (at which step, why), expired. */
    private String manager(Matcher m, ZoneId zone, Locale locale) {
        String what = m.group(1);
        String[] words = m.group(2) == null ? new String[0] : m.group(2).strip().split(" ");
        String extra = m.group(3) == null ? "" : m.group(3).strip();
        String key = "audit.detail.manager-" + what;
        return switch (what) {
            case "asked" -> msg(key, locale, extra, words.length > 0 ? words("ask.channel." + words[0], locale, words[0]) : "",
                    words.length > 1 ? words[1] : "");
            case "expired" -> msg(key, locale, words.length > 0 ? instant(words[0], zone, locale) : "");
            case "refused" -> msg(key, locale,
                    words.length > 0 ? words("audit.detail.manager-step." + words[0], locale, words[0]) : "",
                    words.length > 1 ? words("audit.detail.manager-why." + words[1], locale, words[1]) : "")
                    + (extra.isEmpty() ? "" : " (" + extra + ")");
            default -> msg(key, locale, extra);
        };
    }

    private String export(Matcher m, Locale locale) {
        String[] labels = {"audit.filter.operator", "audit.filter.person", "audit.filter.action", "audit.filter.outcome",
                "audit.filter.from", "audit.filter.to"};
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            String value = m.group(i + 1);
            if (value.equals("null") || value.isBlank()) {
                continue;
            }
            if (i == 2) {
                value = words("audit.action." + value, locale, value);
            } else if (i == 3) {
                value = words("audit.outcome." + value, locale, value);
            }
            parts.add(msg(labels[i], locale) + " " + value);
        }
        return parts.isEmpty() ? msg("audit.detail.export.all", locale)
                : msg("audit.detail.export", locale, String.join(", ", parts));
    }

    /** A refusal's or a request's reasons, each key said in the audit's own short words. */
    private String keys(String joined, Locale locale) {
        return String.join("; ", Arrays.stream(joined.split(",")).filter(k -> !k.isBlank())
                .map(k -> words("audit.why." + k, locale, msg("audit.why.other", locale))).toList());
    }

    private String instant(String text, ZoneId zone, Locale locale) {
        try {
            // the limit's refill time, rounded up: the next pass is allowed at the minute shown, not before it
            return minute(DisplayTime.upToMinute(Instant.parse(text)), zone, locale);
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    private String minute(Instant at, ZoneId zone, Locale locale) {
        String local = MINUTE.withLocale(locale).format(at.atZone(zone));
        if (zone.normalized().equals(ZoneOffset.UTC)) {
            return local + " UTC";
        }
        return local + " " + zone.getId() + " (" + CLOCK.format(at.atOffset(ZoneOffset.UTC)) + " UTC)";
    }

    private static boolean isKind(String name) {
        return Arrays.stream(GraphFailure.Kind.values()).anyMatch(k -> k.name().equals(name));
    }

    private static boolean isState(String name) {
        return Arrays.stream(PassStatus.State.values()).anyMatch(s -> s.name().equals(name));
    }

    static String lowerHyphen(String enumName) {
        return enumName.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    /** The words for {@code key}, or {@code fallback} when TapDesk has none (a value a later version wrote). */
    private String words(String key, Locale locale, String fallback) {
        try {
            return messages.getMessage(key, null, locale);
        } catch (NoSuchMessageException e) {
            return fallback;
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
