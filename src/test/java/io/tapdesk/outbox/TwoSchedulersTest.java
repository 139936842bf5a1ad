package io.tapdesk.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.tapdesk.support.StackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two instances on one PostgreSQL: the app's scheduler and a second one, built the way the app builds its own, with
 * the same job. Every message is sent once: db-scheduler lets one instance pick each execution.
 */
class TwoSchedulersTest extends StackTest {

    @Autowired
    Outbox outbox;
    @Autowired
    OutboxSending sending;
    @Autowired
    OutboxProperties properties;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient sql;

    @Test
    void twoSchedulersOnOneDatabaseSendEachMessageOnce() {
        Scheduler second = OutboxScheduler.scheduler(dataSource, properties, OutboxScheduler.task(properties, sending));
        second.start();
        // each send takes a moment, so both instances have several under way at once
        STACK.graph().state().delay(Duration.ofMillis(60));
        try {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                ids.add(outbox.enqueue(new Message(Message.Kind.ALERT, List.of("two-" + i + "@contoso.test"),
                        "Two instances " + i, "A test message.", "en", null, null)));
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> sql.sql(
                    "select count(*) from outbox_message where id between ? and ? and state = 'sent'")
                    .params(ids.get(0), ids.get(ids.size() - 1)).query(Integer.class).single() == ids.size());

            for (int i = 0; i < ids.size(); i++) {
                assertThat(STACK.graph().state().outbox().to("two-" + i + "@contoso.test")).as("message " + i).hasSize(1);
            }
            assertThat(sql.sql("select max(attempts) from outbox_message where id between ? and ?")
                    .params(ids.get(0), ids.get(ids.size() - 1)).query(Integer.class).single()).isEqualTo(1);
            assertThat(sql.sql("select count(*) from scheduled_tasks where task_name = ?").param(OutboxScheduler.TASK)
                    .query(Integer.class).single()).as("each execution removed once done").isZero();
        } finally {
            STACK.graph().state().delay(Duration.ZERO);
            second.stop();
        }
    }

    @Autowired
    OutboxScheduler scheduler;

    /**
     * The test framework pauses a context it is not using (its Lifecycle beans stopped) and starts it again; so may an
     * operator's tooling. A stopped db-scheduler cannot start again (its thread pools are gone): each start makes a new
     * one, and a message queued while stopped is sent once it runs.
     */
    @Test
    void aStoppedOutboxStartsAgainAndSendsWhatWasQueuedMeanwhile() {
        scheduler.stop();
        long id;
        try {
            id = outbox.enqueue(new Message(Message.Kind.ALERT, List.of("restart@contoso.test"), "Restart", "A test message.",
                    "en", null, null));
            assertThat(scheduler.isRunning()).isFalse();
        } finally {
            scheduler.start();
        }
        assertThat(scheduler.isRunning()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.sql("select state from outbox_message where id = ?")
                .param(id).query(String.class).single().equals("sent"));
        assertThat(STACK.graph().state().outbox().to("restart@contoso.test")).hasSize(1);
    }

    @Test
    void aFailureWithRetryAfterWaitsAtLeastThatLongUpToTheCap() {
        // the back-off of the tests is 50 ms (then polled every 100 ms); Graph's Retry-After of 500 ms is longer, and
        // under the tests' cap of 1 s
        STACK.graph().state().mail().failNext(1, 429);
        STACK.graph().state().mail().retryAfter("0.5");
        long id = outbox.enqueue(new Message(Message.Kind.ALERT, List.of("throttled@contoso.test"), "Throttled",
                "A test message.", "en", null, null));

        await().atMost(Duration.ofSeconds(15)).until(() -> !STACK.graph().state().outbox().to("throttled@contoso.test").isEmpty());

        var times = sql.sql("select attempts, last_error from outbox_message where id = ?").param(id).query().singleRow();
        assertThat(times.get("attempts")).isEqualTo(2);
        assertThat((String) times.get("last_error")).startsWith("429 BUSY ApplicationThrottled");
        assertThat(STACK.graph().state().mail().gapBeforeLastSend()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }
}
