package io.tapdesk.verification;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.tapdesk.audit.AuditAction;
import io.tapdesk.audit.AuditLog;
import io.tapdesk.audit.AuditOutcome;
import io.tapdesk.audit.AuditProperties;
import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.directory.Manager;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.graph.ManagerMessages;
import io.tapdesk.limits.RateLimits;
import io.tapdesk.security.Operator;
import io.tapdesk.security.PublicBaseUrl;
import io.tapdesk.web.FreeText;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

/**
 * "Ask the manager" (issue 17, README "Ask the manager"): the agent asks the person's manager, from the agent's own
 * Teams or mailbox, to confirm the caller; the manager signs in through the second app registration and answers on
 * {@code /confirm/<token>}. A confirmation records a MEDIUM check ({@link CallerChecks}) bound to the operator who
 * asked and the person; "this is not right" is an incident.
 *
 * <p>Who may answer is decided at answer time, from Graph read app-only: the person's manager now, a user (not an
 * organisational contact), the same manager who was asked, and neither the operator nor the person. Anything TapDesk
 * cannot read is a refusal (fail closed). Every answer and refusal is audited.
 */
@Service
public class ManagerConfirmations {

    /** The link's token: 32 random bytes, base64url without padding. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** The longest "how I know" (the check's evidence holds it with the manager's name). */
    public static final int HOW_MAX = 400;

    /** What an ask did. */
    public enum AskKind { ASKED, INVALID, NO_MANAGER, MANAGER_INVOLVED, FENCED, LIMITED }

    /** A form error: a message key and its arguments. */
    public record AskError(String field, String key, List<Object> args) {
    }

    /** What an ask did: the question (asked), or why nothing was sent. */
    public record AskResult(AskKind kind, ManagerConfirmation confirmation, List<AskError> errors) {
    }

    /** Who is signed in at the confirmation app: their {@code oid}, user name and name from the ID token. */
    public record Signer(String oid, String username, String name) {

        Operator asActor() {
            return new Operator(oid, name, username, java.util.Set.of(), java.util.Set.of());
        }
    }

    /** What the answer page shows or refuses. */
    public enum Verdict {
        /** The signed-in manager may answer: the page with the question. */
        SHOW,
        /** No such question (a wrong or mangled link). */
        NOT_FOUND,
        /** The question expired before it was answered. */
        EXPIRED,
        /** The question was answered already (the link is single use). */
        ANSWERED,
        /** The signed-in user is not the person's manager now (or is the operator or the person). */
        NOT_THE_MANAGER,
        /** Graph could not tell who the manager is now: refused. */
        CANNOT_TELL,
        /** The person is fenced after an incident: no check is recorded while it lasts (nothing confirmed). */
        FENCED,
        /** The "how I know" text is missing or not acceptable. */
        INVALID,
        /** Confirmed: the check is recorded. */
        CONFIRMED,
        /** "This is not right" is recorded. */
        NOT_RIGHT
    }

    /** The answer page's model: the verdict and the question (null when not found). */
    public record Answer(Verdict verdict, ManagerConfirmation confirmation) {
    }

    private final GraphGateway graph;
    private final ManagerMessages messages;
    private final ManagerConfirmationStore store;
    private final AuditLog audit;
    private final ConfirmationProperties properties;
    private final Pattern ticketPattern;
    private final String ticketExamples;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final CallerChecks checks;
    private final MessageSource words;
    private final PublicBaseUrl publicBaseUrl;
    private final Incidents incidents;
    private final RateLimits limits;
    private final SecureRandom random = new SecureRandom();

    ManagerConfirmations(GraphGateway graph, ManagerMessages messages, ManagerConfirmationStore store, AuditLog audit,
                         ConfirmationProperties properties, AuditProperties auditProperties, Clock clock,
                         TransactionTemplate transactions, CallerChecks checks, MessageSource words,
                         PublicBaseUrl publicBaseUrl, Incidents incidents, RateLimits limits) {
        this.incidents = incidents;
        this.limits = limits;
        this.graph = graph;
        this.messages = messages;
        this.store = store;
        this.audit = audit;
        this.properties = properties;
        this.ticketPattern = Pattern.compile(auditProperties.ticketPattern());
        this.ticketExamples = auditProperties.ticketExamples();
        this.clock = clock;
        this.transactions = transactions;
        this.checks = checks;
        this.words = words;
        this.publicBaseUrl = publicBaseUrl;
    }

    public ConfirmationProperties properties() {
        return properties;
    }

    public Instant now() {
        return clock.instant();
    }

    /** The operator's latest question about this person, for the card. */
    public Optional<ManagerConfirmation> latest(Operator operator, String personId) {
        return store.latest(operator.objectId(), personId);
    }

    /**
     * Asks the person's manager, from the operator's account: reads the person and their manager with the operator's
     * token, writes the audit intent, sends the question (Teams, else mail), stores it, writes the outcome.
     *
     * @param rawTicket   the ticket as typed (must have the configured form, {@code tapdesk.audit.ticket-pattern})
     * @param rawLifetime the pass lifetime the agent intends, in minutes (10 to 43200)
     * @param rawOneTime  "true" or "false"
     * @throws GraphFailure when Graph refuses or fails a read or the send (the outcome row says so)
     * @throws io.tapdesk.audit.AuditUnavailable when the intent cannot be written (nothing is sent)
     */
    public AskResult ask(Operator operator, GraphToken token, String personId, String rawTicket, String rawLifetime,
                         String rawOneTime, String clientAddress) {
        List<AskError> errors = new ArrayList<>();
        String ticket = rawTicket == null ? "" : rawTicket.strip();
        if (!ticketPattern.matcher(ticket).matches()) {
            errors.add(new AskError("ticket", "ask.error.ticket", List.of(ticketExamples)));
        }
        Integer lifetime = null;
        try {
            lifetime = Integer.valueOf(rawLifetime == null ? "" : rawLifetime.strip());
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        if (lifetime == null || lifetime < 10 || lifetime > 43200) {
            errors.add(new AskError("lifetimeMinutes", "ask.error.lifetime", List.of()));
        }
        if (rawOneTime != null && !rawOneTime.equals("true") && !rawOneTime.equals("false")) {
            errors.add(new AskError("oneTime", "ask.error.one-time", List.of()));
        }
        if (!errors.isEmpty()) {
            return new AskResult(AskKind.INVALID, null, errors);
        }
        boolean oneTime = "true".equals(rawOneTime);
        DirectoryUser person = graph.user(token, personId);
        if (incidents.active(person.id()).isPresent()) {
            // a confirmation is a check, and no check is recorded while the person is fenced (verification.md §3)
            audit.event(AuditAction.ASK_MANAGER, AuditOutcome.REFUSED, new AuditLog.Context(operator, person.id(),
                    person.userPrincipalName(), ticket, CheckMethod.MANAGER.stored(), null, clientAddress), "manager-refused ask fenced");
            return new AskResult(AskKind.FENCED, null, List.of());
        }
        Optional<Manager> found = graph.manager(token, person.id());
        var context = new AuditLog.Context(operator, person.id(), person.userPrincipalName(), ticket,
                CheckMethod.MANAGER.stored(), null, clientAddress);
        if (found.isEmpty() || !found.get().askable()) {
            audit.event(AuditAction.ASK_MANAGER, AuditOutcome.REFUSED, context,
                    found.isEmpty() ? "manager-refused ask no-manager" : "manager-refused ask contact");
            return new AskResult(AskKind.NO_MANAGER, null, List.of());
        }
        Manager manager = found.get();
        if (manager.id().equalsIgnoreCase(operator.objectId()) || manager.id().equalsIgnoreCase(person.id())) {
            audit.event(AuditAction.ASK_MANAGER, AuditOutcome.REFUSED, context,
                    "manager-refused ask " + (manager.id().equalsIgnoreCase(person.id()) ? "person" : "operator"));
            return new AskResult(AskKind.MANAGER_INVOLVED, null, List.of());
        }
        // each question is a message from the operator's own account: at most asks-per-hour of them, attempts counted
        if (!limits.tryAsk(operator.objectId(), properties.asksPerHour()).allowed()) {
            audit.event(AuditAction.ASK_MANAGER, AuditOutcome.REFUSED, context, "manager-refused ask limit");
            return new AskResult(AskKind.LIMITED, null,
                    List.of(new AskError("limit", "ask.error.limit", List.of(properties.asksPerHour()))));
        }
        String code = String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000));
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String linkToken = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        AuditLog.Action intent = audit.intend(AuditAction.ASK_MANAGER, context, new AuditLog.Settings(lifetime, oneTime, null));
        ManagerMessages.Sent sent;
        try {
            sent = messages.send(token, operator.objectId(), manager,
                    question(operator, person, manager, ticket, lifetime, oneTime, code, linkToken),
                    properties.managerChannel() == ConfirmationProperties.Channel.TEAMS);
        } catch (GraphFailure failure) {
            intent.outcome(AuditOutcome.FAILED, failure.requestId(), "manager-not-sent: " + manager.displayName());
            throw failure;
        }
        var confirmation = new ManagerConfirmation(UUID.randomUUID(), code, operator.objectId(), operator.username(),
                operator.name() == null ? operator.username() : operator.name(), person.id(), person.userPrincipalName(),
                person.displayName(), ticket, lifetime, oneTime, manager.id(), manager.displayName(), sent.channel().stored(),
                ManagerConfirmation.ASKED, null, null, null, now, now.plus(properties.confirmationExpires()));
        try {
            store.insert(confirmation, hash(linkToken));
        } catch (DataAccessException e) {
            intent.outcome(AuditOutcome.FAILED, sent.requestId(), "manager-not-stored");
            throw e;
        }
        // parts the audit page says in words (audit.AuditWords): who, how, the code; the question's id
        intent.outcome(AuditOutcome.ASKED, sent.requestId(), "manager-asked " + sent.channel().stored() + " " + code + ": "
                + manager.displayName() + "; question " + confirmation.id());
        return new AskResult(AskKind.ASKED, confirmation, List.of());
    }

    /** The message: who asks about whom, for what, the code to compare and the link. Never anything secret. */
    private ManagerMessages.Question question(Operator operator, DirectoryUser person, Manager manager, String ticket,
                                              int lifetime, boolean oneTime, String code, String linkToken) {
        Locale locale = LocaleContextHolder.getLocale();
        String link = publicBaseUrl.of("/confirm/" + linkToken);
        String subject = words.getMessage("confirm.message.subject", new Object[] {person.displayName()}, locale);
        String body = words.getMessage("confirm.message.body", new Object[] {
                HtmlUtils.htmlEscape(manager.displayName()), HtmlUtils.htmlEscape(operator.name() == null ? operator.username() : operator.name()),
                HtmlUtils.htmlEscape(person.displayName()), HtmlUtils.htmlEscape(ticket), lifetime,
                words.getMessage(oneTime ? "confirm.one-time.yes" : "confirm.one-time.no", null, locale),
                code, HtmlUtils.htmlEscape(link)}, locale);
        return new ManagerMessages.Question(subject, body);
    }

    /** The answer page (GET): the question when the signed-in user may answer it, else why not (audited). */
    public Answer open(String token, Signer signer, String clientAddress) {
        return check(token, signer, clientAddress, "open");
    }

    /**
     * "I confirm this is them, and how I know": records the MEDIUM check for the operator who asked, once (one
     * conditional UPDATE: of two answers one wins), with the audit rows.
     */
    public Answer confirm(String token, Signer signer, String rawHow, String clientAddress) {
        String how = FreeText.of(rawHow);
        Answer checked = check(token, signer, clientAddress, "confirm");
        if (checked.verdict() != Verdict.SHOW) {
            return checked;
        }
        if (how.length() < 3 || how.length() > HOW_MAX || FreeText.hasControl(how)) {
            return new Answer(Verdict.INVALID, checked.confirmation());
        }
        ManagerConfirmation c = checked.confirmation();
        Instant now = clock.instant();
        Boolean done = transactions.execute(status -> {
            // no check is recorded while the person is fenced: it would allow a pass the moment the fence is lifted.
            // Read under the fence lock, so a "not right" on another question commits before this or sees its check.
            if (incidents.lockFences(c.personId())) {
                return null;
            }
            if (!store.answer(c.id(), ManagerConfirmation.CONFIRMED, signer.oid(), how, now)) {
                return false;
            }
            audit.event(AuditAction.MANAGER_ANSWER, AuditOutcome.CONFIRMED, context(signer, c, how, clientAddress),
                    "manager-confirmed: " + c.operatorUpn() + "; question " + c.id());
            // the manager confirmed this request: the check covers this ticket and this pass only (walk of #17)
            checks.record(c.operatorAsStored(), c.personId(), c.personUpn(), CheckMethod.MANAGER,
                    "manager " + signer.username() + " confirmed " + c.ticket() + " (" + c.lifetimeMinutes() + " min, "
                            + (c.oneTime() ? "one-time" : "multi-use") + "): " + how,
                    new CallerCheck.Bound(c.ticket(), c.lifetimeMinutes(), c.oneTime()), clientAddress);
            return true;
        });
        if (done == null) {
            refuse(c, signer, clientAddress, "confirm fenced");
            return new Answer(Verdict.FENCED, c);
        }
        return done ? new Answer(Verdict.CONFIRMED, c) : refusedAsAnswered(c, signer, clientAddress, "confirm");
    }

    /**
     * "This is not right": refuses the question for good, audited, and reports an incident ({@link Incidents#report}):
     * the person is fenced and the Approvers are told, in the same transaction as the answer.
     */
    public Answer notRight(String token, Signer signer, String clientAddress) {
        return notRight(token, signer, null, clientAddress);
    }

    /** {@link #notRight(String, Signer, String)} with what the manager wrote about it ({@code said}, optional). */
    public Answer notRight(String token, Signer signer, String said, String clientAddress) {
        Answer checked = check(token, signer, clientAddress, "not-right");
        if (checked.verdict() != Verdict.SHOW) {
            return checked;
        }
        ManagerConfirmation c = checked.confirmation();
        Instant now = clock.instant();
        Boolean done = transactions.execute(status -> {
            // the fence lock before the audit chain's lock, in the order every holder of both takes them
            incidents.lockFences(c.personId());
            if (!store.answer(c.id(), ManagerConfirmation.NOT_RIGHT, signer.oid(), null, now)) {
                return false;
            }
            audit.event(AuditAction.MANAGER_ANSWER, AuditOutcome.NOT_RIGHT, context(signer, c, null, clientAddress),
                    "manager-not-right: " + c.operatorUpn() + "; question " + c.id());
            // an incident: the person is fenced, in the same transaction, so a "not right" never stands without its fence
            incidents.report(new Party(signer.oid(), signer.username(), signer.name()),
                    new Party(c.personId(), c.personUpn(), c.personName()),
                    new Party(c.operatorId(), c.operatorUpn(), c.operatorName()), c.ticket(), clientAddress,
                    said == null || FreeText.of(said).isEmpty() ? null : FreeText.of(said));
            return true;
        });
        if (!Boolean.TRUE.equals(done)) {
            return refusedAsAnswered(c, signer, clientAddress, "not-right");
        }
        return new Answer(Verdict.NOT_RIGHT, c);
    }

    private Answer refusedAsAnswered(ManagerConfirmation c, Signer signer, String clientAddress, String step) {
        Verdict verdict = ManagerConfirmation.EXPIRED.equals(c.shownState(clock.instant())) ? Verdict.EXPIRED : Verdict.ANSWERED;
        refuse(c, signer, clientAddress, step + " " + (verdict == Verdict.EXPIRED ? "expired" : "answered"));
        return new Answer(verdict, c);
    }

    /** Every rule an answer must pass, in order; a refusal is audited (an unknown link has nobody to audit about). */
    private Answer check(String token, Signer signer, String clientAddress, String step) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return new Answer(Verdict.NOT_FOUND, null);
        }
        Optional<ManagerConfirmation> found = store.byTokenHash(hash(token));
        if (found.isEmpty()) {
            return new Answer(Verdict.NOT_FOUND, null);
        }
        ManagerConfirmation c = found.get();
        Instant now = clock.instant();
        if (!ManagerConfirmation.ASKED.equals(c.state())) {
            Verdict verdict = ManagerConfirmation.EXPIRED.equals(c.state()) ? Verdict.EXPIRED : Verdict.ANSWERED;
            refuse(c, signer, clientAddress, step + " " + (verdict == Verdict.EXPIRED ? "expired" : "answered"));
            return new Answer(verdict, c);
        }
        if (!now.isBefore(c.expires())) {
            if (store.expire(c.id(), now)) {
                audit.event(AuditAction.MANAGER_ANSWER, AuditOutcome.EXPIRED, context(signer, c, null, clientAddress),
                        "manager-expired " + c.expires().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "; question " + c.id());
            } else {
                refuse(c, signer, clientAddress, step + " expired");
            }
            return new Answer(Verdict.EXPIRED, c);
        }
        Optional<Manager> manager;
        try {
            manager = messages.managerAppOnly(c.personId());
        } catch (GraphFailure failure) {
            refuse(c, signer, clientAddress, step + " unreadable: " + failure.status() + " " + failure.requestId());
            return new Answer(Verdict.CANNOT_TELL, c);
        }
        String why = whyNot(c, signer, manager);
        if (why != null) {
            refuse(c, signer, clientAddress, step + " " + why);
            return new Answer(Verdict.NOT_THE_MANAGER, c);
        }
        return new Answer(Verdict.SHOW, c);
    }

    /**
     * Null when {@code signer} may answer: the person's manager now, a user, the one asked, not operator or person.
     * Else why not, as the audit row's reason word (audit.AuditWords says it in words) and the ids it concerns.
     */
    private static String whyNot(ManagerConfirmation c, Signer signer, Optional<Manager> now) {
        if (signer.oid() == null || signer.oid().isBlank()) {
            return "no-oid";
        }
        if (now.isEmpty()) {
            return "no-manager";
        }
        Manager manager = now.get();
        if (!manager.askable()) {
            return "contact";
        }
        if (!manager.id().equalsIgnoreCase(c.managerId())) {
            return "changed: asked " + c.managerId() + ", now " + manager.id();
        }
        if (signer.oid().equalsIgnoreCase(c.operatorId())) {
            return "operator";
        }
        if (signer.oid().equalsIgnoreCase(c.personId())) {
            return "person";
        }
        if (!signer.oid().equalsIgnoreCase(manager.id())) {
            return "not-the-manager: " + signer.oid();
        }
        return null;
    }

    private void refuse(ManagerConfirmation c, Signer signer, String clientAddress, String why) {
        audit.event(AuditAction.MANAGER_ANSWER, AuditOutcome.REFUSED, context(signer, c, null, clientAddress),
                "manager-refused " + why + "; question " + c.id());
    }

    /** The manager (or whoever signed in) acts; the row names the person, the ticket and the method. */
    private static AuditLog.Context context(Signer signer, ManagerConfirmation c, String how, String clientAddress) {
        return new AuditLog.Context(signer.asActor(), c.personId(), c.personUpn(), c.ticket(), CheckMethod.MANAGER.stored(),
                how, clientAddress);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
