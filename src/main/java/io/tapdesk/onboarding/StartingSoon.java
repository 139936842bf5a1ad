package io.tapdesk.onboarding;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.tapdesk.directory.Manager;
import io.tapdesk.directory.NewHire;
import io.tapdesk.directory.SignInMethods;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.NewHireReads;
import io.tapdesk.handover.HandOver;
import io.tapdesk.handover.HandOverProperties;
import io.tapdesk.handover.HandOvers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The "Starting soon" list: the people whose hire date lies in the next {@code days-ahead} days (read app-only, every
 * time: never from a page shown earlier), with their manager, their sign-in methods, whether a hand-over is open, and
 * their local start. Fail closed: a person TapDesk cannot tell about cannot be selected.
 */
@Service
public class StartingSoon {

    private static final Logger log = LoggerFactory.getLogger(StartingSoon.class);

    /**
     * One person on the page.
     *
     * @param times     the start day and hours in the person's zone
     * @param blockKey  why the person cannot be selected (message key), or null when they can
     * @param scheduled whether a hand-over of theirs is open (scheduled or sent)
     * @param latest    their newest onboarding hand-over in any state (what the Hand-over column says), or null
     */
    public record Row(NewHire person, StartTimes times, SignInMethods methods, boolean scheduled, String blockKey,
                      HandOver latest) {

        public Row(NewHire person, StartTimes times, SignInMethods methods, boolean scheduled, String blockKey) {
            this(person, times, methods, scheduled, blockKey, null);
        }

        public boolean selectable() {
            return blockKey == null;
        }

        /** The instant the Hand-over column names for {@link #latest()}'s state, or null. */
        public Instant latestAt() {
            if (latest == null) {
                return null;
            }
            return switch (latest.state()) {
                case SCHEDULED -> latest.linkSendAt();
                case SENT, EXPIRED -> latest.linkExpires();
                case REVOKED -> latest.revokedAt();
                default -> latest.pickedUpAt();
            };
        }

        public boolean managerHasMail() {
            return person.manager() != null && person.manager().mail() != null && !person.manager().mail().isBlank();
        }
    }

    /** The page: its rows (by start, then name), or the key of why the list could not be read. */
    public record Listing(List<Row> rows, String failureKey, int daysAhead) {
    }

    private final NewHireReads reads;
    private final HandOvers handOvers;
    private final OnboardingProperties properties;
    private final HandOverProperties handOverProperties;
    private final Clock clock;

    StartingSoon(NewHireReads reads, HandOvers handOvers, OnboardingProperties properties,
                 HandOverProperties handOverProperties, Clock clock) {
        this.reads = reads;
        this.handOvers = handOvers;
        this.properties = properties;
        this.handOverProperties = handOverProperties;
        this.clock = clock;
    }

    /** Reads the list now. Never throws for Graph: a failed list read is a {@link Listing#failureKey()}. */
    public Listing list() {
        if (!properties.enabled()) {
            return new Listing(List.of(), "onboarding.off", properties.daysAhead());
        }
        Instant now = clock.instant();
        List<NewHire> hires;
        try {
            hires = reads.hiredBetween(now, now.plus(Duration.ofDays(properties.daysAhead())));
        } catch (GraphFailure failure) {
            log.warn("The new hires could not be read: {} {}", failure.status(), failure.code());
            return new Listing(List.of(), failure.status() == 400 ? "onboarding.list-refused" : "onboarding.list-failed",
                    properties.daysAhead());
        }
        List<NewHire> dated = hires.stream().filter(h -> h.hireDate() != null && h.id() != null).toList();
        Map<String, SignInMethods> methods = reads.methods(dated.stream().map(NewHire::id).toList(),
                properties.methodsBatchSpacing(), properties.methodsMaxRetryAfter());
        List<Row> rows = dated.stream().map(h -> row(h, methods.getOrDefault(h.id(), SignInMethods.CANNOT_TELL), now))
                .sorted(Comparator.comparing((Row r) -> r.times().passStart()).thenComparing(r -> String.valueOf(r.person().displayName())))
                .toList();
        return new Listing(rows, null, properties.daysAhead());
    }

    private Row row(NewHire hire, SignInMethods methods, Instant now) {
        StartTimes times = StartTimes.of(hire.hireDate(), properties.zoneFor(hire.usageLocation()), properties,
                handOverProperties.onboardingLinkExpires());
        boolean scheduled;
        HandOver latest;
        try {
            scheduled = !handOvers.open(hire.id()).isEmpty();
            latest = handOvers.ofPerson(hire.id()).stream().filter(h -> h.kind() == HandOver.Kind.ONBOARDING).findFirst()
                    .orElse(null);
        } catch (RuntimeException e) {
            // PostgreSQL away: whether one is open is unknown, so nobody is selectable twice by accident
            return new Row(hire, times, methods, false, "onboarding.row.store-unreadable");
        }
        String block = blockKey(hire, methods, scheduled, times, now);
        if (latest != null && pickedUp(latest.state()) && !scheduled) {
            // their own pass from this hand-over is a sign-in method now: that is not "recovery" (walk finding 8)
            block = "onboarding.row.picked-up";
        }
        return new Row(hire, times, methods, scheduled, block, latest);
    }

    /** The hand-over reached its pickup: a pass was made, or may have been. */
    static boolean pickedUp(HandOver.State state) {
        return state == HandOver.State.PICKED_UP || state == HandOver.State.ISSUED || state == HandOver.State.UNKNOWN;
    }

    static String blockKey(NewHire hire, SignInMethods methods, boolean scheduled, StartTimes times, Instant now) {
        if (scheduled) {
            return "onboarding.row.scheduled";
        }
        if (methods == SignInMethods.CANNOT_TELL) {
            return "onboarding.row.cannot-tell";
        }
        if (methods == SignInMethods.HAS_OTHER_METHODS) {
            return "onboarding.row.recovery";
        }
        Manager manager = hire.manager();
        if (manager == null || !manager.askable()) {
            return "onboarding.row.no-manager";
        }
        if (manager.mail() == null || manager.mail().isBlank()) {
            return "onboarding.row.no-mail";
        }
        if (!times.passStart().isAfter(now)) {
            return "onboarding.row.too-late";
        }
        return null;
    }

    /** The rows for {@code personIds} from a fresh read, in the order asked; people not on the list are left out. */
    List<Row> fresh(List<String> personIds) {
        Listing listing = list();
        if (listing.failureKey() != null) {
            throw new ListUnreadable(listing.failureKey());
        }
        return personIds.stream().flatMap(id -> listing.rows().stream().filter(r -> r.person().id().equalsIgnoreCase(id)).limit(1))
                .toList();
    }

    /** The list could not be read: nothing is scheduled. */
    static final class ListUnreadable extends RuntimeException {
        final String key;

        ListUnreadable(String key) {
            super(key, null, false, false);
            this.key = key;
        }
    }

    OnboardingProperties properties() {
        return properties;
    }

    Instant now() {
        return clock.instant();
    }
}
