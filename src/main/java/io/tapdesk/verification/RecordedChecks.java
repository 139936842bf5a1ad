package io.tapdesk.verification;

import java.util.ArrayList;
import java.util.List;

import io.tapdesk.audit.AuditUnavailable;
import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.security.Operator;
import io.tapdesk.web.FreeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * The low tier: a check the agent records alone, from the card's "Who is calling?" section. A call-back names the
 * number called, which must be one on file in the person's profile now (mobile or business phone; the profile is
 * read again, not taken from the page); in person and video say what was checked. Offered methods are
 * {@code tapdesk.verification.recorded-methods}.
 */
@Service
public class RecordedChecks {

    private static final Logger log = LoggerFactory.getLogger(RecordedChecks.class);

    /** At most this many characters of note (what was checked). */
    public static final int MAX_NOTE = 300;

    /** The form as the browser sent it. */
    public record Form(String method, String number, String note) {
    }

    /** How recording ended. */
    public sealed interface Outcome {
    }

    public record Recorded(CallerCheck check) implements Outcome {
    }

    /** The form is wrong: {@code field} (method, number, note) and the message key saying why. */
    public record Invalid(String field, String key, Object... args) implements Outcome {
    }

    /** PostgreSQL or the audit trail is away: nothing was recorded. */
    public record NotRecorded(boolean damaged) implements Outcome {
    }

    private final GraphGateway graph;
    private final CallerChecks checks;
    private final VerificationProperties properties;
    private final Incidents incidents;

    RecordedChecks(GraphGateway graph, CallerChecks checks, VerificationProperties properties, Incidents incidents) {
        this.graph = graph;
        this.checks = checks;
        this.properties = properties;
        this.incidents = incidents;
    }

    /**
     * Records the agent's check of the caller for {@code personId}.
     *
     * @throws io.tapdesk.graph.GraphFailure when the person's profile cannot be read (the card shows Graph's answer)
     */
    public Outcome record(Operator operator, GraphToken token, String personId, Form form, String clientAddress) {
        CheckMethod method = CheckMethod.fromStored(form.method() == null ? "" : form.method())
                .filter(properties.recordedMethods()::contains).orElse(null);
        if (method == null) {
            return new Invalid("method", "caller.error.method");
        }
        String note = FreeText.of(form.note());
        if (note.length() > MAX_NOTE || FreeText.hasControl(note)) {
            return new Invalid("note", "caller.error.note", MAX_NOTE);
        }
        try {
            if (incidents.active(personId).isPresent()) {
                // a check made while the person is fenced would still allow a pass the moment an Admin lifts the fence
                // (a report spends the checks made before it); after the lift, the agent checks the caller anew
                return new Invalid("method", "caller.error.fenced");
            }
        } catch (DataAccessException e) {
            log.error("Caller check for user {} not recorded: the fences cannot be read", personId, e);
            return new NotRecorded(false);
        }
        DirectoryUser person = graph.user(token, personId);
        String evidence;
        if (method == CheckMethod.CALLBACK) {
            String number = form.number() == null ? "" : form.number().strip();
            List<String> onFile = numbersOnFile(person);
            if (onFile.isEmpty()) {
                return new Invalid("method", "caller.error.no-numbers");
            }
            if (!onFile.contains(number)) {
                // the number called must be one the directory holds, not one the caller gave
                return new Invalid("number", "caller.error.number");
            }
            evidence = "call-back to " + number + (note.isEmpty() ? "" : ": " + note);
        } else {
            if (note.isEmpty()) {
                return new Invalid("note", "caller.error.note-needed");
            }
            evidence = note; // the method is a column of its own
        }
        try {
            return new Recorded(checks.record(operator, person.id(), person.userPrincipalName(), method, evidence, clientAddress));
        } catch (CallerChecks.PersonFenced e) {
            // fenced while the profile was read (the look above came first): refused, as above
            return new Invalid("method", "caller.error.fenced");
        } catch (AuditUnavailable e) {
            log.error("Caller check for user {} recorded but not audited", personId, e);
            return new NotRecorded(true);
        } catch (DataAccessException e) {
            log.error("Caller check for user {} not recorded: PostgreSQL is unavailable", personId, e);
            return new NotRecorded(false);
        }
    }

    /** The numbers a call-back may go to: the profile's mobile phone, then its business phones. */
    public static List<String> numbersOnFile(DirectoryUser person) {
        List<String> numbers = new ArrayList<>();
        if (person.mobilePhone() != null && !person.mobilePhone().isBlank()) {
            numbers.add(person.mobilePhone().strip());
        }
        person.businessPhones().stream().filter(n -> n != null && !n.isBlank()).map(String::strip).forEach(numbers::add);
        return numbers;
    }

    /** The recorded-only methods the card offers for this person: a call-back only with a number on file. */
    public List<CheckMethod> offered(DirectoryUser person) {
        boolean numbers = !numbersOnFile(person).isEmpty();
        return properties.recordedMethods().stream().filter(m -> m != CheckMethod.CALLBACK || numbers).toList();
    }
}
