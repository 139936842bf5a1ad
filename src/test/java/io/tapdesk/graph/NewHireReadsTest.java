package io.tapdesk.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tapdesk.directory.NewHire;
import io.tapdesk.directory.SignInMethods;
import io.tapdesk.support.StackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.graph.StandInNewHires;

/**
 * The new hires' reads against the stand-in, app-only: the hire-date filter (an advanced query), the expanded manager,
 * next links, and the methods of many people by {@code $batch} with a throttled inner request.
 */
class NewHireReadsTest extends StackTest {

    static final Duration SPACING = Duration.ofMillis(5);
    static final Duration MAX_WAIT = Duration.ofMillis(500);

    @Autowired
    NewHireReads reads;

    Instant now() {
        return STACK.graph().state().now();
    }

    @Test
    void theHireDateFilterFindsTheSeededNewHiresWithTheirManagers() {
        List<NewHire> found = reads.hiredBetween(now(), now().plus(Duration.ofDays(9)));

        assertThat(found).extracting(NewHire::displayName).contains("Noor de Vries", "Sam Jansen", "Lotte Bakker",
                "Daan Visser", "Emma Smit", "Liam Brown", "Ruben Mulder").doesNotContain("Adele Vance");
        NewHire noor = byName(found, "Noor de Vries");
        assertThat(noor.manager().id()).isEqualTo(DemoPeople.PATTI.id());
        assertThat(noor.manager().mail()).isEqualTo(DemoPeople.PATTI.mail());
        assertThat(noor.manager().user()).isTrue();
        assertThat(noor.usageLocation()).isEqualTo("NL");
        assertThat(noor.hireDate()).isAfter(now());
        assertThat(byName(found, "Daan Visser").manager().mail()).isNull();
        assertThat(byName(found, "Emma Smit").manager()).isNull();
        assertThat(byName(found, "Liam Brown").usageLocation()).isEqualTo("US");
    }

    @Test
    void theWindowBoundsCount() {
        LocalDate today = now().atZone(ZoneId.of(StandInNewHires.ZONE)).toLocalDate();
        Instant endOfTomorrow = today.plusDays(2).atStartOfDay(ZoneId.of(StandInNewHires.ZONE)).toInstant();

        assertThat(reads.hiredBetween(now(), endOfTomorrow)).extracting(NewHire::displayName).containsExactly("Noor de Vries");
    }

    @Test
    void everyPageIsFollowed() {
        STACK.graph().state().newHires().pageSize(2);

        assertThat(reads.hiredBetween(now(), now().plus(Duration.ofDays(9)))).hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void withoutTheAdvancedQueryHeadersGraphRefusesTheFilter() {
        // the header dropped on the way (a proxy): Graph answers the hire-date filter 400, and TapDesk says so
        STACK.graph().state().advancedQueries(false);

        GraphFailure failure = catchThrowableOfType(GraphFailure.class,
                () -> reads.hiredBetween(now(), now().plus(Duration.ofDays(9))));

        assertThat(failure.status()).isEqualTo(400);
        assertThat(failure.code()).isEqualTo("Request_UnsupportedQuery");
    }

    @Test
    void methodsInBatches_aThrottledInnerReadIsAskedAgainAfterItsRetryAfter() {
        var state = STACK.graph().state();
        state.retryAfter("0.02");
        state.newHires().throttleInner(StandInNewHires.NOOR.id(), 1);

        Map<String, SignInMethods> methods = reads.methods(List.of(StandInNewHires.NOOR.id(), StandInNewHires.SAM.id(),
                StandInNewHires.LOTTE.id()), SPACING, MAX_WAIT);

        assertThat(methods).containsExactly(Map.entry(StandInNewHires.NOOR.id(), SignInMethods.PASSWORD_ONLY),
                Map.entry(StandInNewHires.SAM.id(), SignInMethods.HAS_OTHER_METHODS),
                Map.entry(StandInNewHires.LOTTE.id(), SignInMethods.PASSWORD_ONLY));
    }

    @Test
    void aReadThatKeepsFailing_cannotTell() {
        var state = STACK.graph().state();
        state.retryAfter("0.02");
        state.newHires().throttleInner(StandInNewHires.LOTTE.id(), 100);

        Map<String, SignInMethods> methods = reads.methods(List.of(StandInNewHires.LOTTE.id(), DemoPeople.NESTOR.id(),
                StandInNewHires.NOOR.id()), SPACING, MAX_WAIT);

        assertThat(methods.get(StandInNewHires.LOTTE.id())).isEqualTo(SignInMethods.CANNOT_TELL);
        // gone meanwhile: 404 inside the batch
        assertThat(methods.get(DemoPeople.NESTOR.id())).isEqualTo(SignInMethods.CANNOT_TELL);
        assertThat(methods.get(StandInNewHires.NOOR.id())).isEqualTo(SignInMethods.PASSWORD_ONLY);
    }

    @Test
    void fortyFivePeople_inThreeBatchesOfAtMostTwenty() {
        List<String> ids = STACK.graph().state().seedNewHires(45,
                now().atZone(ZoneId.of(StandInNewHires.ZONE)).toLocalDate().plusDays(2), 5);
        List<String> asked = new ArrayList<>(ids);
        STACK.graph().state().newHires().addAuthenticator(ids.get(44), STACK.graph().state());

        Map<String, SignInMethods> methods = reads.methods(asked, SPACING, MAX_WAIT);

        assertThat(methods).hasSize(45);
        assertThat(methods.values().stream().filter(m -> m == SignInMethods.PASSWORD_ONLY)).hasSize(44);
        assertThat(methods.get(ids.get(44))).isEqualTo(SignInMethods.HAS_OTHER_METHODS);
    }

    static NewHire byName(List<NewHire> found, String name) {
        return found.stream().filter(h -> h.displayName().equals(name)).findFirst().orElseThrow();
    }
}
