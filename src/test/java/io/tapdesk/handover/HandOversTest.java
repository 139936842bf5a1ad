package io.tapdesk.handover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import io.tapdesk.support.StackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The store: only the link's hash is kept; a pickup, a revoke and the expiry each move a hand-over once. */
class HandOversTest extends StackTest {

    @Autowired
    HandOvers handOvers;
    @Autowired
    JdbcClient sql;
    @Autowired
    Clock clock;

    private HandOvers.Draft draft(String person, Instant expires, UUID batch) {
        return new HandOvers.Draft(HandOver.Kind.ONBOARDING, HandOver.RecipientKind.MANAGER, "manager-oid", null, "Manager",
                person, person + "@example.org", "Person", "operator-oid", "op@example.org", "Operator",
                Set.of("TapDesk.Admin"), Set.of(), "onboarding", 60, true, clock.instant().plus(Duration.ofDays(2)), null,
                clock.instant().plus(Duration.ofDays(1)), expires, null, batch, null);
    }

    @Test
    void aScheduledHandOverHasNoLinkUntilItsSendTimeAndOnlyTheHashIsStored() {
        UUID batch = UUID.randomUUID();
        String person = "person-" + UUID.randomUUID();
        long id = handOvers.schedule(draft(person, clock.instant().plus(Duration.ofDays(3)), batch));
        assertThat(handOvers.find(id).orElseThrow().state()).isEqualTo(HandOver.State.SCHEDULED);
        assertThat(handOvers.open(person)).extracting(HandOver::id).containsExactly(id);
        assertThat(handOvers.byBatch(batch.toString())).extracting(HandOver::id).containsExactly(id);

        // each send attempt makes a new link and voids the last (the outbox mints it just before the mail goes); the job
        // queues one mail (HandOverAttackTest.theLinkJobRunTwiceAtOnceMailsOneLink)
        PickupLink voided = handOvers.newLink(id);
        PickupLink first = handOvers.newLink(id);
        assertThat(handOvers.byToken(voided.url().substring(voided.url().lastIndexOf('/') + 1))).as("the older link").isEmpty();
        String token = first.url().substring(first.url().lastIndexOf('/') + 1);
        assertThat(first.url()).contains("/confirm/pickup/");
        assertThat(handOvers.byToken(token)).map(HandOver::id).contains(id);
        String stored = sql.sql("select link_hash from hand_over where id = ?").param(id).query(String.class).single();
        assertThat(stored).isEqualTo(HandOvers.hash(token)).doesNotContain(token);
        assertThat(sql.sql("select count(*) from hand_over where link_hash like ?").param("%" + token + "%")
                .query(Integer.class).single()).isZero();

        assertThat(handOvers.claim(id, "manager-oid", clock.instant())).isTrue();
        assertThat(handOvers.claim(id, "manager-oid", clock.instant())).as("a second pickup").isFalse();
        assertThat(handOvers.revoke(id, "admin", clock.instant())).as("picked up: no revoke").isFalse();
        assertThat(handOvers.newLink(id)).as("picked up: no new link").isNull();
        assertThat(handOvers.open(person)).isEmpty();
    }

    @Test
    void aRevokedOrExpiredLinkIsNeverClaimed() {
        String person = "person-" + UUID.randomUUID();
        long revoked = handOvers.schedule(draft(person, clock.instant().plus(Duration.ofHours(3)), UUID.randomUUID()));
        handOvers.newLink(revoked);
        assertThat(handOvers.revoke(revoked, "admin", clock.instant())).isTrue();
        assertThat(handOvers.revoke(revoked, "admin", clock.instant())).isFalse();
        assertThat(handOvers.claim(revoked, "manager-oid", clock.instant())).isFalse();

        long late = handOvers.schedule(draft(person, clock.instant().plus(Duration.ofHours(1)), UUID.randomUUID()));
        handOvers.newLink(late);
        Instant after = clock.instant().plus(Duration.ofHours(2));
        assertThat(handOvers.claim(late, "manager-oid", after)).isFalse();
        assertThat(handOvers.expire(late, after)).isTrue();
        assertThat(handOvers.find(late).orElseThrow().state()).isEqualTo(HandOver.State.EXPIRED);
    }
}
