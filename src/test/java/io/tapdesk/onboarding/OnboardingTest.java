package io.tapdesk.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tapdesk.handover.HandOver;
import io.tapdesk.handover.HandOvers;
import io.tapdesk.security.Operator;
import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.graph.StandInNewHires;

/**
 * New hires on the running stack (issue 19): the Starting soon page, a batch from it, the link job at its time, 200
 * people in one batch, and a batch held for a second person.
 */
class OnboardingTest extends StackTest {

    @Autowired
    OnboardingBatches batches;
    @Autowired
    PickupLinkJob job;
    @Autowired
    HandOvers handOvers;
    @Autowired
    JdbcClient sql;
    @Autowired
    java.time.Clock clock;

    static final Operator ONBOARDER = new Operator(DemoOperators.ONBOARDER.objectId(), DemoOperators.ONBOARDER.displayName(),
            DemoOperators.ONBOARDER.username() + "@contoso.test", Set.of("TapDesk.Onboarding"),
            Set.copyOf(DemoOperators.ONBOARDER.directoryRoles()));

    /** The database outlives each test: the seeded new hires' open hand-overs of an earlier test are revoked. */
    @org.junit.jupiter.api.BeforeEach
    void noOpenHandOvers() {
        for (var person : List.of(StandInNewHires.NOOR, StandInNewHires.SAM, StandInNewHires.LOTTE, StandInNewHires.DAAN,
                StandInNewHires.EMMA, StandInNewHires.LIAM, StandInNewHires.RUBEN, StandInNewHires.MILA)) {
            handOvers.open(person.id()).forEach(h -> handOvers.revoke(h.id(), "test reset", Instant.now()));
        }
    }

    static String row(HttpResponse<String> page, String personId) {
        int at = page.body().indexOf("id=\"hire-" + personId + "\"");
        assertThat(at).as("row of " + personId).isPositive();
        return page.body().substring(at, page.body().indexOf("</tr>", at));
    }

    @Test
    void thePageSaysForEachNewHireWhatTapDeskCanDo_andReadsTheMethodsInBatches() {
        var state = STACK.graph().state();
        state.retryAfter("0.02");
        // Noor's methods read is throttled once inside the batch: asked again after Retry-After, she stays selectable
        state.newHires().throttleInner(StandInNewHires.NOOR.id(), 1);
        // Ruben's keeps being throttled: cannot tell, so he cannot be selected
        state.newHires().throttleInner(StandInNewHires.RUBEN.id(), 100);
        var web = new WebSession(STACK);
        web.signIn(DemoOperators.ONBOARDER);

        var page = web.get("/onboarding");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(row(page, StandInNewHires.NOOR.id())).contains("data-selectable=\"true\"").contains("Patti Fernandez")
                .contains("Password only").contains("name=\"person\"");
        assertThat(row(page, StandInNewHires.SAM.id())).contains("data-selectable=\"false\"")
                .contains("No pass: this is recovery, not onboarding.").doesNotContain("name=\"person\"");
        assertThat(row(page, StandInNewHires.RUBEN.id())).contains("data-methods=\"CANNOT_TELL\"")
                .contains("data-selectable=\"false\"").contains("Cannot tell");
        assertThat(row(page, StandInNewHires.EMMA.id())).contains("No manager who can sign in.");
        assertThat(row(page, StandInNewHires.DAAN.id())).contains("The manager has no mail address.");
        // the start at the configured hour (08:00) in the person's zone: Liam's usage location is US
        assertThat(row(page, StandInNewHires.LIAM.id())).contains("08:00 America/New_York");
        assertThat(row(page, StandInNewHires.NOOR.id())).contains("08:00 Europe/Amsterdam");
        assertThat(WebSession.text(page, "onboarding-dst")).contains("moves forward");
        // the form offers the longest pass that needs no approver, and says what needs one (walk finding 10)
        assertThat(WebSession.inputValue(page, "lifetimeMinutes")).isEqualTo("240");
        // and when the link opens (walk finding 5)
        assertThat(WebSession.text(page, "onboarding-window")).contains("from 60 minutes before the pass starts");
        assertThat(WebSession.text(page, "approval-limit"))
                .startsWith("A pass longer than 240 minutes or usable more than once needs an approver");
    }

    @Test
    void theFormsDefaults_scheduleWithoutAnApprover_andTheBatchSaysOnePerson() {
        var web = new WebSession(STACK);
        web.signIn(DemoOperators.ONBOARDER);
        var page = web.get("/onboarding");

        var result = web.submit(page, "/onboarding/batches", Map.of("person", StandInNewHires.NOOR.id(),
                "lifetimeMinutes", WebSession.inputValue(page, "lifetimeMinutes"), "oneTime", "true"));

        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).doesNotContain("id=\"batch-awaiting\"").contains("data-scheduled=\"true\"");
        assertThat(WebSession.text(result, "batch-summary")).contains(": 1 person, passes of 240 minutes");
    }

    @Test
    void inDutch() {
        var web = new WebSession(STACK);
        web.signIn(DemoOperators.ONBOARDER);
        var form = web.get("/preferences");
        web.submit(form, "/preferences/language", Map.of("lang", "nl"));

        var page = web.get("/onboarding");

        assertThat(WebSession.text(page, "onboarding-dst")).startsWith("Zomertijd");
        // TapDesk's Dutch says "pass" (walk finding 14), in the page as everywhere else
        assertThat(row(page, StandInNewHires.SAM.id())).contains("Geen pass: dit is herstel, geen indiensttreding.");
        assertThat(WebSession.allText(page, "onboarding-intro")).contains("\"Toon de pass\"").doesNotContain("de pas ");
    }

    @Test
    void aBatchFromThePage_schedulesOneHandOverAndOneJob_andTheJobSendsTheLinkAtItsTime() {
        long before = sql.sql("select coalesce(max(id), 0) from outbox_message").query(Long.class).single();
        var web = new WebSession(STACK);
        web.signIn(DemoOperators.ONBOARDER);
        var page = web.get("/onboarding");

        var result = web.submit(page, "/onboarding/batches", Map.of("person", StandInNewHires.LOTTE.id(),
                "lifetimeMinutes", "60", "oneTime", "true"));

        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("data-scheduled=\"true\"").contains("Scheduled: the link goes to Megan Bowen");
        UUID batchId = UUID.fromString(result.uri().getPath().replaceFirst(".*/", ""));
        List<HandOver> made = handOvers.byBatch(batchId.toString());
        assertThat(made).hasSize(1);
        HandOver handOver = made.get(0);
        assertThat(handOver.recipientId()).isEqualTo(DemoPeople.MEGAN.id());
        assertThat(handOver.state()).isEqualTo(HandOver.State.SCHEDULED);
        // the pass starts at 08:00 local on the start day (in three days); the link goes at 16:00 local the day before
        var times = StartTimes.of(STACK.graph().state().newHires().hire(StandInNewHires.LOTTE.id()).orElseThrow().hireDate(), ZoneId.of("Europe/Amsterdam"), 8, 16, 1,
                Duration.ofHours(24));
        assertThat(handOver.passStart()).isEqualTo(times.passStart());
        assertThat(handOver.linkSendAt()).isEqualTo(times.linkSendAt());
        // ONE job for it, at the link's send time, named by the hand-over's id
        var jobs = sql.sql("select execution_time from scheduled_tasks where task_name = ? and task_instance = ?")
                .params(PickupLinkJob.TASK, Long.toString(handOver.id())).query(Timestamp.class).list();
        assertThat(jobs).hasSize(1);
        // at the send time on the business clock (db-scheduler runs on system time: the same in production)
        Duration businessBehind = Duration.between(STACK.graph().state().now(), Instant.now());
        assertThat(Duration.between(handOver.linkSendAt().plus(businessBehind), jobs.get(0).toInstant()).abs())
                .isLessThan(Duration.ofSeconds(5));
        // no link exists before its time: nothing went out, nothing is in the outbox for Megan
        assertThat(sql.sql("select count(*) from outbox_message where kind = 'pickup-link' and person_id = ? and id > ?")
                .params(StandInNewHires.LOTTE.id(), before).query(Integer.class).single()).isZero();

        // its time: the scheduler's execution is run directly (no sleeping until tomorrow 16:00)
        assertThat(job.send(handOver.id())).isEqualTo(PickupLinkJob.Sent.SENT);

        var body = sql.sql("select body from outbox_message where kind = 'pickup-link' and person_id = ? and id > ?")
                .params(StandInNewHires.LOTTE.id(), before).query(String.class).single();
        // the row holds a placeholder: the outbox makes the link when it sends (walk of issue 19, finding 4)
        assertThat(body).contains(io.tapdesk.outbox.Message.PICKUP_LINK_PLACEHOLDER).doesNotContain("/confirm/pickup/")
                .contains("Lotte Bakker");
                // each language's text has its own day and month names (walk finding 14: the Dutch text showed English ones)
        var amsterdam = handOver.passStart().atZone(ZoneId.of("Europe/Amsterdam"));
        assertThat(body).contains("works from " + java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm",
                        java.util.Locale.ENGLISH).format(amsterdam))
                .contains("werkt vanaf " + java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm",
                        java.util.Locale.forLanguageTag("nl")).format(amsterdam));
        // a link, no pass: none exists yet
        assertThat(STACK.graph().state().pass(StandInNewHires.LOTTE.id())).isEmpty();
        assertThat(sql.sql("select recipients from outbox_message where kind = 'pickup-link' and person_id = ? and id > ?")
                .params(StandInNewHires.LOTTE.id(), before).query(String.class).single()).contains(DemoPeople.MEGAN.mail());
        assertThat(handOvers.find(handOver.id()).orElseThrow().linkSentAt()).isNotNull();
        // the page now says a hand-over is scheduled, and she cannot be chosen twice
        assertThat(row(web.get("/onboarding"), StandInNewHires.LOTTE.id())).contains("A hand-over is already scheduled.")
                .contains("data-selectable=\"false\"");
    }

    @Test
    void theOutboxSchedulerRunsThePickupLinkTaskWhenItIsDue() {
        long before = sql.sql("select coalesce(max(id), 0) from outbox_message").query(Long.class).single();
        var outcome = (OnboardingBatches.Stored) batches.create(ONBOARDER, List.of(StandInNewHires.RUBEN.id()), 60, true,
                "127.0.0.1");
        long id = handOvers.byBatch(outcome.batchId().toString()).get(0).id();
        // the scheduler's clock driven forward: the execution made due now (instead of waiting a week)
        assertThat(sql.sql("update scheduled_tasks set execution_time = ? where task_name = ? and task_instance = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(1)), PickupLinkJob.TASK, Long.toString(id)).update())
                .isEqualTo(1);

        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(15)).until(() ->
                sql.sql("select count(*) from outbox_message where kind = 'pickup-link' and person_id = ? and id > ?")
                        .params(StandInNewHires.RUBEN.id(), before).query(Integer.class).single() == 1);
        assertThat(handOvers.find(id).orElseThrow().state()).isEqualTo(HandOver.State.SENT);
        // sent: its execution is gone, one mail went to Patti (the outbox sends it in the background)
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(15)).until(() ->
                !STACK.graph().state().outbox().to(DemoPeople.PATTI.mail()).isEmpty());
        assertThat(sql.sql("select count(*) from scheduled_tasks where task_name = ? and task_instance = ?")
                .params(PickupLinkJob.TASK, Long.toString(id)).query(Integer.class).single()).isZero();
    }

    static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile("/confirm/pickup/([A-Za-z0-9_-]{43})");

    /** The link the job queued for {@code managerMail}, once the outbox sent it (the stand-in keeps the mail). */
    static String linkSentTo(String managerMail) {
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(10)).until(() ->
                STACK.graph().state().outbox().to(managerMail).stream().anyMatch(m -> LINK.matcher(m.body()).find()));
        var sent = STACK.graph().state().outbox().to(managerMail);
        var found = LINK.matcher(sent.get(sent.size() - 1).body());
        assertThat(found.find()).isTrue();
        return found.group(1);
    }

    /** The manager opens the link in their own browser and signs in at the confirmation app. */
    static HttpResponse<String> managerOpens(WebSession browser, DemoOperators.Operator manager, String token) {
        var page = browser.get("/confirm/pickup/" + token);
        return browser.submit(page, STACK.issuer() + "/login", Map.of("username", manager.username(), "password", manager.password()));
    }

    /** Moves hand-over {@code id}'s pass start to 30 minutes from now (whole seconds), so its pickup window is open. */
    Instant startsSoon(long id) {
        Instant start = clock.instant().plus(Duration.ofMinutes(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        sql.sql("update hand_over set pass_start = ? where id = ?").params(Timestamp.from(start), id).update();
        return start;
    }

    @Test
    void aNewHiresLinkOpenedTheDayBefore_isRefusedUntilItsWindow_auditedAndStillUsable() {
        var outcome = (OnboardingBatches.Stored) batches.create(ONBOARDER, List.of(StandInNewHires.LOTTE.id()), 60, true, "127.0.0.1");
        HandOver handOver = handOvers.byBatch(outcome.batchId().toString()).get(0);
        job.send(handOver.id());
        String token = linkSentTo(DemoPeople.MEGAN.mail());
        // the mail says from when the link works: an hour before the pass's start
        assertThat(sql.sql("select body from outbox_message where kind = 'pickup-link' and person_id = ? order by id desc limit 1")
                .param(StandInNewHires.LOTTE.id()).query(String.class).single())
                .contains("works from " + java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", java.util.Locale.ENGLISH)
                        .format(handOver.passStart().minus(Duration.ofHours(1)).atZone(ZoneId.of("Europe/Amsterdam"))));
        long auditBefore = sql.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();

        var megan = new WebSession(STACK);
        var early = managerOpens(megan, DemoOperators.MEGAN, token);

        assertThat(early.statusCode()).isEqualTo(425);
        assertThat(WebSession.text(early, "pickup-refusal")).startsWith("This link opens on ")
                .contains(java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", java.util.Locale.ENGLISH)
                        .format(handOver.passStart().minus(Duration.ofHours(1)).atZone(ZoneId.of("Europe/Amsterdam"))))
                .contains("open it again then");
        // the POST asks too: a form taken while the window was open (the start moved ahead) and sent after it moved back
        Instant planned = handOver.passStart();
        startsSoon(handOver.id());
        var form = megan.get("/confirm/pickup/" + token);
        sql.sql("update hand_over set pass_start = ? where id = ?").params(Timestamp.from(planned), handOver.id()).update();
        var earlyPost = megan.postFrom(form, "/confirm/pickup/" + token, Map.of());
        assertThat(earlyPost.statusCode()).isEqualTo(425);
        assertThat(STACK.graph().state().pass(StandInNewHires.LOTTE.id())).as("no pass the evening before").isEmpty();
        assertThat(sql.sql("select detail from audit_event where id > ? and kind = 'pickup' and outcome = 'refused' and target_id = ?")
                .params(auditBefore, StandInNewHires.LOTTE.id()).query(String.class).list())
                .contains("pickup refused open pickup.too-early; handover " + handOver.id(),
                        "pickup refused pickup pickup.too-early; handover " + handOver.id())
                .allSatisfy(d -> assertThat(d).contains("pickup.too-early"));
        // not claimed: once the window is open the same link works
        assertThat(handOvers.find(handOver.id()).orElseThrow().state()).isEqualTo(HandOver.State.SENT);
        startsSoon(handOver.id());
        var page = megan.get("/confirm/pickup/" + token);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(WebSession.text(page, "pickup-opens")).isNotBlank();
        assertThat(megan.postFrom(page, "/confirm/pickup/" + token, Map.of()).statusCode()).isEqualTo(200);
        assertThat(STACK.graph().state().pass(StandInNewHires.LOTTE.id())).isPresent();
    }

    @Test
    void theManagerPicksTheNewHiresPassUp_startingAtTheLocalHour_andTheValueIsOnlyInThatAnswer() {
        STACK.graph().state().nextPassValue("Nh9!dayone");
        var outcome = (OnboardingBatches.Stored) batches.create(ONBOARDER, List.of(StandInNewHires.LOTTE.id()), 60, true, "127.0.0.1");
        HandOver handOver = handOvers.byBatch(outcome.batchId().toString()).get(0);
        assertThat(job.send(handOver.id())).isEqualTo(PickupLinkJob.Sent.SENT);
        String token = linkSentTo(DemoPeople.MEGAN.mail());
        assertThat(STACK.graph().state().pass(StandInNewHires.LOTTE.id())).as("nothing exists before the pickup").isEmpty();
        // the mailed link is in no table, before and after sending (walk of issue 19, finding 4)
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(10)).until(() ->
                sql.sql("select count(*) from outbox_message where state = 'queued'").query(Integer.class).single() == 0);
        io.tapdesk.support.DatabaseScan.noRowHolds(sql, token, "/confirm/pickup/" + token);

        // planned for 08:00 local on Lotte's start day; the link opens an hour before, so the test moves that start
        // to just ahead of now (the business clock cannot be moved)
        assertThat(handOver.passStart().atZone(ZoneId.of("Europe/Amsterdam")).getHour()).isEqualTo(8);
        Instant start = startsSoon(handOver.id());

        var megan = new WebSession(STACK);
        var pickupPage = managerOpens(megan, DemoOperators.MEGAN, token);
        assertThat(pickupPage.statusCode()).isEqualTo(200);
        // the manager reads what it is for, not "onboarding <batch id>" (walk finding 14)
        assertThat(WebSession.text(pickupPage, "pickup-ticket")).startsWith("New hire starting ").doesNotContain("onboarding");
        var shown = megan.postFrom(pickupPage, "/confirm/pickup/" + token, Map.of());

        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("Nh9!dayone");
        // the pass Graph holds starts at the hand-over's start
        assertThat(STACK.graph().state().pass(StandInNewHires.LOTTE.id()).orElseThrow().start()).isEqualTo(start);
        // Starting soon now says who picked it up, not "recovery" (walk finding 8)
        var onboarder = new WebSession(STACK);
        onboarder.signIn(DemoOperators.ONBOARDER);
        String lotte = row(onboarder.get("/onboarding"), StandInNewHires.LOTTE.id());
        assertThat(lotte).contains("Pass picked up by Megan Bowen at").contains("data-handover=\"issued\"")
                .doesNotContain("recovery");
        // the value is in no message, outbox row or audit row
        assertThat(STACK.graph().state().outbox().all()).noneSatisfy(m -> assertThat(m.body()).contains("Nh9!dayone"));
        assertThat(sql.sql("select count(*) from outbox_message where body like ?").param("%Nh9!dayone%")
                .query(Integer.class).single()).isZero();
        assertThat(sql.sql("select count(*) from audit_event where coalesce(detail, '') like ? or coalesce(ticket, '') like ?")
                .params("%Nh9!dayone%", "%Nh9!dayone%").query(Integer.class).single()).isZero();
    }

    @Test
    void aNewHireWhoRegisteredAMethodMeanwhile_isRefusedAtPickup() {
        var outcome = (OnboardingBatches.Stored) batches.create(ONBOARDER, List.of(StandInNewHires.LOTTE.id()), 60, true, "127.0.0.1");
        HandOver handOver = handOvers.byBatch(outcome.batchId().toString()).get(0);
        job.send(handOver.id());
        String token = linkSentTo(DemoPeople.MEGAN.mail());
        startsSoon(handOver.id());
        // Lotte set up the Authenticator herself after the link went out: recovery now, not onboarding
        STACK.graph().state().newHires().addAuthenticator(StandInNewHires.LOTTE.id(), STACK.graph().state());

        var megan = new WebSession(STACK);
        var pickupPage = managerOpens(megan, DemoOperators.MEGAN, token);
        var refused = megan.postFrom(pickupPage, "/confirm/pickup/" + token, Map.of());

        assertThat(refused.statusCode()).isBetween(400, 499);
        assertThat(STACK.graph().state().pass(StandInNewHires.LOTTE.id())).as("no pass made").isEmpty();
    }

    @Test
    void aRevokedHandOver_getsNoLinkAtItsTime() {
        var outcome = batches.create(ONBOARDER, List.of(StandInNewHires.RUBEN.id()), 60, true, "127.0.0.1");
        long id = handOvers.byBatch(((OnboardingBatches.Stored) outcome).batchId().toString()).get(0).id();
        handOvers.revoke(id, "test", Instant.now());

        long before = sql.sql("select coalesce(max(id), 0) from outbox_message").query(Long.class).single();

        assertThat(job.send(id)).isEqualTo(PickupLinkJob.Sent.NOT_OPEN);
        assertThat(sql.sql("select count(*) from outbox_message where kind = 'pickup-link' and person_id = ? and id > ?")
                .params(StandInNewHires.RUBEN.id(), before).query(Integer.class).single()).isZero();
    }

    @Test
    void peopleWithMethodsAreRefusedAtScheduling_evenWhenThePageShowedNone() {
        // Noor registered the Authenticator after the page was read: the batch reads her again and refuses
        STACK.graph().state().newHires().addAuthenticator(StandInNewHires.NOOR.id(), STACK.graph().state());

        var outcome = (OnboardingBatches.Stored) batches.create(ONBOARDER, List.of(StandInNewHires.NOOR.id(),
                StandInNewHires.SAM.id(), StandInNewHires.LOTTE.id()), 60, true, "127.0.0.1");

        var batch = batches.find(outcome.batchId()).orElseThrow();
        assertThat(batch.results()).extracting(OnboardingBatches.PersonResult::personId, OnboardingBatches.PersonResult::scheduled,
                OnboardingBatches.PersonResult::refusalKey).containsExactly(
                org.assertj.core.groups.Tuple.tuple(StandInNewHires.NOOR.id(), false, "onboarding.has-methods"),
                org.assertj.core.groups.Tuple.tuple(StandInNewHires.SAM.id(), false, "onboarding.has-methods"),
                org.assertj.core.groups.Tuple.tuple(StandInNewHires.LOTTE.id(), true, null));
        assertThat(handOvers.open(StandInNewHires.NOOR.id())).isEmpty();
        // a second batch for Lotte: one hand-over per new hire
        var second = (OnboardingBatches.Stored) batches.create(ONBOARDER, List.of(StandInNewHires.LOTTE.id()), 60, true, "127.0.0.1");
        assertThat(batches.find(second.batchId()).orElseThrow().results().get(0).refusalKey()).isEqualTo("onboarding.row.scheduled");
        assertThat(sql.sql("select count(*) from scheduled_tasks where task_name = ? and task_instance = ?")
                .params(PickupLinkJob.TASK, Long.toString(batch.results().get(2).handOverId())).query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void twoHundredNewHiresInOneBatch_twoHundredAuditRowsAndTwoHundredJobs() {
        var state = STACK.graph().state();
        LocalDate first = state.now().atZone(ZoneId.of(StandInNewHires.ZONE)).toLocalDate().plusDays(2);
        List<String> ids = state.seedNewHires(200, first, 5);

        var outcome = (OnboardingBatches.Stored) batches.create(ONBOARDER, ids, 60, true, "127.0.0.1");

        String batchId = outcome.batchId().toString();
        var batch = batches.find(outcome.batchId()).orElseThrow();
        assertThat(batch.results()).hasSize(200).allSatisfy(r -> assertThat(r.scheduled()).as(r.personId() + " " + r.refusalKey()).isTrue());
        assertThat(sql.sql("select count(*) from audit_event where ticket = ?").param("onboarding " + batchId)
                .query(Integer.class).single()).isEqualTo(200);
        assertThat(sql.sql("select count(distinct target_id) from audit_event where ticket = ?").param("onboarding " + batchId)
                .query(Integer.class).single()).isEqualTo(200);
        List<HandOver> made = handOvers.byBatch(batchId);
        assertThat(made).hasSize(200);
        assertThat(sql.sql("select count(*) from scheduled_tasks where task_name = ? and task_instance = any(?)")
                .params(PickupLinkJob.TASK, made.stream().map(h -> Long.toString(h.id())).toArray(String[]::new))
                .query(Integer.class).single()).isEqualTo(200);
    }

    @Test
    void settingsThatNeedApproval_waitForASecondPerson_notTheCreator() {
        // multi-use needs approval (tapdesk.approval.multi-use, on by default)
        var outcome = (OnboardingBatches.Stored) batches.create(ONBOARDER, List.of(StandInNewHires.LOTTE.id()), 60, false,
                "127.0.0.1");
        UUID id = outcome.batchId();
        assertThat(batches.find(id).orElseThrow().awaitingApproval()).isTrue();
        assertThat(handOvers.byBatch(id.toString())).isEmpty();
        // not by the one who made it
        assertThat(batches.approve(id, ONBOARDER)).isFalse();
        assertThat(handOvers.byBatch(id.toString())).isEmpty();

        var approver = new WebSession(STACK);
        approver.signIn(DemoOperators.APPROVER);
        var page = approver.get("/onboarding/batches/" + id);
        assertThat(WebSession.text(page, "batch-awaiting")).contains("approver");
        // the approver sees who is in it before deciding, and is sent back to the approvals queue, not Starting soon
        assertThat(WebSession.allText(page, "person-" + StandInNewHires.LOTTE.id())).contains("Lotte Bakker")
                .contains(StandInNewHires.LOTTE.userPrincipalName()).contains("Megan Bowen");
        assertThat(page.body()).contains("id=\"back-to-approvals\"").doesNotContain("id=\"back-to-list\"");
        var approved = approver.submit(page, "/onboarding/batches/" + id + "/approve", Map.of());

        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(approved.body()).contains("data-scheduled=\"true\"");
        List<HandOver> made = handOvers.byBatch(id.toString());
        assertThat(made).hasSize(1);
        // the creator stays the operator who asked; the approver is on the batch
        assertThat(made.get(0).operatorId()).isEqualTo(ONBOARDER.objectId());
        assertThat(made.get(0).oneTime()).isFalse();
        // the decision is in the chained trail: one row per person, the approver acting, the batch as the ticket
        assertThat(sql.sql("select operator_upn || ' ' || target_id || ' ' || coalesce(target_upn, '-') || ' ' || detail "
                        + "from audit_event where kind = 'approve' and outcome = 'approved' and ticket = ?")
                .param("onboarding " + id).query(String.class).list())
                .singleElement().asString().startsWith(DemoOperators.APPROVER.username())
                .contains(StandInNewHires.LOTTE.id() + " " + StandInNewHires.LOTTE.userPrincipalName())
                .endsWith("onboarding batch " + id + " of " + ONBOARDER.username());
        // approved once: a second approval is refused
        var again = approver.postFrom(approver.get("/onboarding/batches/" + id), "/onboarding/batches/" + id + "/approve", Map.of());
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void anApproverRejectsAHeldBatch_withAReason_nothingIsScheduled_andTheCreatorReadsWhy() {
        var outcome = (OnboardingBatches.Stored) batches.create(ONBOARDER,
                List.of(StandInNewHires.LOTTE.id(), StandInNewHires.NOOR.id()), 60, false, "127.0.0.1");
        UUID id = outcome.batchId();
        var approver = new WebSession(STACK);
        approver.signIn(DemoOperators.APPROVER);
        var page = approver.get("/onboarding/batches/" + id);

        var noReason = approver.postFrom(page, "/onboarding/batches/" + id + "/reject", Map.of("reason", "  "));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(WebSession.text(noReason, "batch-problem")).contains("reason");
        assertThat(batches.find(id).orElseThrow().awaitingApproval()).isTrue();
        // the creator cannot reject their own batch either
        assertThat(batches.reject(id, ONBOARDER, "mine", null)).isEqualTo("onboarding.batch.not-approvable");

        var rejected = approver.submit(approver.get("/onboarding/batches/" + id), "/onboarding/batches/" + id + "/reject",
                Map.of("reason", "Multi-use is not needed for a first day"));

        assertThat(rejected.statusCode()).isEqualTo(200);
        assertThat(WebSession.text(rejected, "batch-rejected")).contains("Multi-use is not needed for a first day");
        assertThat(handOvers.byBatch(id.toString())).isEmpty();
        assertThat(batches.find(id).orElseThrow().rejected()).isTrue();
        // rejected once: neither approved nor rejected again
        assertThat(batches.approve(id, new Operator(DemoOperators.APPROVER.objectId(), "Avery", "approver@contoso.test",
                Set.of("TapDesk.Approver"), Set.of()))).isFalse();
        assertThat(handOvers.byBatch(id.toString())).isEmpty();
        // the creator reads why on the batch's page
        var creator = new WebSession(STACK);
        creator.signIn(DemoOperators.ONBOARDER);
        var seen = creator.get("/onboarding/batches/" + id);
        assertThat(WebSession.text(seen, "batch-rejected")).contains("Multi-use is not needed");
        assertThat(seen.body()).contains("id=\"back-to-list\"").doesNotContain("id=\"reject-form\"");
        // and on Starting soon, among the recent batches
        assertThat(WebSession.allText(creator.get("/onboarding"), "batch-" + id)).contains("2 people")
                .contains("Rejected by").contains("Multi-use is not needed");
        // one audit row per person, the reason with them
        assertThat(sql.sql("select target_id || ' ' || verification_note from audit_event "
                        + "where kind = 'reject' and outcome = 'rejected' and ticket = ? order by target_id")
                .param("onboarding " + id).query(String.class).list())
                .containsExactlyInAnyOrder(StandInNewHires.LOTTE.id() + " Multi-use is not needed for a first day",
                        StandInNewHires.NOOR.id() + " Multi-use is not needed for a first day");
        // the audit page says it in words: the batch, who made it, the reason (English and Dutch)
        var auditor = new WebSession(STACK);
        auditor.signIn(DemoOperators.AUDITOR);
        String words = auditor.get("/audit?action=reject&person=" + StandInNewHires.LOTTE.userPrincipalName()).body();
        assertThat(words).contains("New-hire batch " + id + ", made by " + ONBOARDER.username())
                .contains("Multi-use is not needed for a first day");
        auditor.submit(auditor.get("/preferences"), "/preferences/language", Map.of("lang", "nl"));
        assertThat(auditor.get("/audit?action=reject&person=" + StandInNewHires.LOTTE.userPrincipalName()).body())
                .contains("Groep nieuwe medewerkers " + id + ", gemaakt door " + ONBOARDER.username());
    }

    @Test
    void aBatchWithNobody_isA400OnThePage() {
        var web = new WebSession(STACK);
        web.signIn(DemoOperators.ONBOARDER);
        var page = web.get("/onboarding");

        var refused = web.postFrom(page, "/onboarding/batches", Map.of("lifetimeMinutes", "60"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(WebSession.text(refused, "onboarding-problem")).isEqualTo("Tick at least one person.");
    }

    /** Two batches for the same new hire at the same moment (two real POSTs): one hand-over, the other refused. */
    @Test
    void twoBatchesAtOnceForOnePerson_makeOneHandOver() throws Exception {
        var first = new WebSession(STACK);
        first.signIn(DemoOperators.ONBOARDER);
        var second = new WebSession(STACK);
        second.signIn(DemoOperators.ONBOARDER);
        var firstPage = first.get("/onboarding");
        var secondPage = second.get("/onboarding");
        Map<String, String> form = Map.of("person", StandInNewHires.LOTTE.id(), "lifetimeMinutes", "60", "oneTime", "true");
        var go = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> { go.await(); return first.postFrom(firstPage, "/onboarding/batches", form); });
            var b = pool.submit(() -> { go.await(); return second.postFrom(secondPage, "/onboarding/batches", form); });
            go.countDown();
            assertThat(List.of(a.get(), b.get())).extracting(HttpResponse::statusCode).allSatisfy(code ->
                    assertThat(code).isBetween(200, 399));
        } finally {
            pool.shutdownNow();
        }
        assertThat(handOvers.open(StandInNewHires.LOTTE.id())).as("one hand-over per person").hasSize(1);
        List<String> outcomes = sql.sql("select outcomes from onboarding_batch where ? = any(people) and state = 'scheduled' "
                        + "order by created_at desc limit 2").param(StandInNewHires.LOTTE.id()).query(String.class).list();
        assertThat(outcomes).hasSize(2).anySatisfy(o -> assertThat(o).contains("\tscheduled\t"))
                .anySatisfy(o -> assertThat(o).contains("\trefused\tonboarding.row.scheduled"));
    }

    /** A held batch is in the approvers' queue with who, how many and the settings, linked; not for its creator. */
    @Test
    void aHeldBatchIsInTheApproversQueue_butNotInItsCreators() {
        var creator = new Operator(DemoOperators.APPROVER.objectId(), DemoOperators.APPROVER.displayName(),
                DemoOperators.APPROVER.username() + "@contoso.test", Set.of("TapDesk.Approver", "TapDesk.Onboarding"),
                Set.copyOf(DemoOperators.APPROVER.directoryRoles()));
        var outcome = (OnboardingBatches.Stored) batches.create(creator, List.of(StandInNewHires.LOTTE.id(),
                StandInNewHires.RUBEN.id()), 60, false, "127.0.0.1");
        UUID id = outcome.batchId();
        assertThat(batches.find(id).orElseThrow().awaitingApproval()).isTrue();

        var other = new WebSession(STACK);
        other.signIn(DemoOperators.APPROVER_TWO);
        var queue = other.get("/approvals");
        assertThat(queue.statusCode()).isEqualTo(200);
        assertThat(queue.body()).contains("id=\"held-batch-" + id + "\"")
                .contains("href=\"/onboarding/batches/" + id + "\"");
        int at = queue.body().indexOf("id=\"held-batch-" + id + "\"");
        String item = org.unbescape.html.HtmlEscape.unescapeHtml(queue.body().substring(at, queue.body().indexOf("</li>", at)));
        assertThat(item).contains(DemoOperators.APPROVER.displayName())
                .contains("2 new hires").contains("A multi-use pass.");

        var own = new WebSession(STACK);
        own.signIn(DemoOperators.APPROVER);
        assertThat(own.get("/approvals").body()).doesNotContain("held-batch-" + id);
    }
}
