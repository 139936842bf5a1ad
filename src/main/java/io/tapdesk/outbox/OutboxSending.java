package io.tapdesk.outbox;

import java.time.Clock;
import java.util.Optional;

import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphMail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * One attempt at one message, run by the outbox's job ({@link OutboxScheduler}): send it if it is still queued, and
 * record what happened. A failure another attempt can mend is thrown for the job library's back-off; one it cannot
 * (a 4xx such as a sender mailbox that does not exist) makes the message dead at once.
 */
@Component
class OutboxSending {

    private static final Logger log = LoggerFactory.getLogger(OutboxSending.class);

    private final OutboxStore store;
    private final GraphMail mail;
    private final OutboxProperties properties;
    private final Clock clock;
    private final ObjectProvider<PickupLinkMinting> links;

    OutboxSending(OutboxStore store, GraphMail mail, OutboxProperties properties, Clock clock,
                  ObjectProvider<PickupLinkMinting> links) {
        this.store = store;
        this.links = links;
        this.mail = mail;
        this.properties = properties;
        this.clock = clock;
    }

    /** @throws GraphFailure when the attempt failed and another may succeed (429, 5xx, no answer) */
    void send(long id) {
        var pending = store.pending(id);
        if (pending.isEmpty()) {
            // sent already (an execution revived after its instance died mid-send), dead, or gone: nothing to do
            return;
        }
        var message = pending.get();
        String body = message.body();
        if (message.kind() == Message.Kind.PICKUP_LINK) {
            // the link is made now, for this attempt only (a retry makes a new one, this one void): never stored
            PickupLinkMinting minting = links.getIfAvailable();
            Optional<String> url = minting == null || message.handOverId() == null ? Optional.empty()
                    : minting.mint(message.handOverId(), message.personId());
            if (url.isEmpty()) {
                store.failed(id, "no link: the hand-over was picked up, revoked or expired; nothing sent");
                store.dead(id);
                log.warn("Outbox message {} not sent: its hand-over {} is no longer open", id, message.handOverId());
                return;
            }
            body = body.replace(Message.PICKUP_LINK_PLACEHOLDER, url.get());
        }
        try {
            mail.send(properties.sender(), message.recipients(), message.subject(), body);
        } catch (GraphFailure failure) {
            String error = describe(failure);
            store.failed(id, error);
            if (GraphMail.permanent(failure)) {
                store.dead(id);
                log.error("Outbox message {} is dead: Graph refused it for good ({})", id, error);
                return;
            }
            log.warn("Outbox message {} not sent, to be tried again: {}", id, error);
            throw failure;
        }
        store.sent(id, clock.instant());
        log.info("Outbox message {} sent", id);
    }

    /** After the last attempt allowed. */
    void giveUp(long id, int attempts) {
        store.dead(id);
        log.error("Outbox message {} is dead after {} attempts", id, attempts);
    }

    /** Graph's status, code and request ids: what an administrator quotes to Microsoft, never a body. */
    static String describe(GraphFailure failure) {
        return failure.status() + " " + failure.kind() + (failure.code().isEmpty() ? "" : " " + failure.code())
                + (failure.requestId().isEmpty() ? "" : " request-id " + failure.requestId())
                + " client-request-id " + failure.clientRequestId();
    }
}
