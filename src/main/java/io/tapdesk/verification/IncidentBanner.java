package io.tapdesk.verification;

import java.time.Clock;
import java.util.List;

import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * What the Approvers' banner shows (the approvals queue, and an Admin's start page): templates call
 * {@code @incidentBanner.now()} through {@code fragments/incidents :: banner}.
 */
@Component("incidentBanner")
public class IncidentBanner {

    /**
     * @param incidents  active fences first, then recent incidents, newest first ({@link Incidents#banner})
     * @param unreadable PostgreSQL could not be read: the banner says it cannot tell
     */
    public record Now(List<Line> incidents, boolean unreadable) {
    }

    /** One incident and whether its fence still refuses passes. */
    public record Line(Fence fence, boolean active) {
    }

    private final Incidents incidents;
    private final Clock clock;

    IncidentBanner(Incidents incidents, Clock clock) {
        this.incidents = incidents;
        this.clock = clock;
    }

    public Now now() {
        try {
            var now = clock.instant();
            return new Now(incidents.banner().stream().map(f -> new Line(f, f.activeAt(now))).toList(), false);
        } catch (DataAccessException e) {
            LoggerFactory.getLogger(IncidentBanner.class).error("Incidents unreadable for the banner", e);
            return new Now(List.of(), true);
        }
    }
}
