package io.tapdesk.handover;

import java.util.Optional;

import io.tapdesk.outbox.PickupLinkMinting;
import org.springframework.stereotype.Component;

/**
 * The outbox's port for a pickup-link mail: the link is made just before Graph's sendMail ({@link HandOvers#newLink}),
 * so neither the outbox row nor anything else in PostgreSQL ever holds it; a retry makes a new one, the old one void.
 */
@Component
class OutboxPickupLinks implements PickupLinkMinting {

    private final HandOvers handOvers;

    OutboxPickupLinks(HandOvers handOvers) {
        this.handOvers = handOvers;
    }

    @Override
    public Optional<String> mint(long handOverId, String personId) {
        PickupLink link = handOvers.newLink(handOverId, personId);
        return link == null ? Optional.empty() : Optional.of(link.url());
    }
}
