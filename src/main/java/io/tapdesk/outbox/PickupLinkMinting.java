package io.tapdesk.outbox;

import java.util.Optional;

/**
 * Makes the link a {@code pickup-link} message carries, at the moment the outbox sends it (walk of issue 19, finding
 * 4): the stored body holds {@link Message#PICKUP_LINK_PLACEHOLDER} instead, so no link ever sits in PostgreSQL. The
 * outbox defines this port and the {@code handover} package (above it on the stairs) implements it; the outbox never
 * names that package.
 */
public interface PickupLinkMinting {

    /**
     * A new link for hand-over {@code handOverId} of person {@code personId}: a new token, any link made before for
     * the mail void.
     *
     * @return the link's URL ({@code ${tapdesk.public-base-url}/confirm/pickup/<token>}), or empty when the hand-over
     *         is unknown, of another person, picked up, revoked or past its link expiry (nothing is sent then)
     * @throws org.springframework.dao.DataAccessException when PostgreSQL fails (the attempt is tried again)
     */
    Optional<String> mint(long handOverId, String personId);
}
