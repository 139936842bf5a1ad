package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import io.tapdesk.support.BrowserTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * /admin/outbox in English and Dutch, with a dead letter (long error text, three recipients) and a sent notice, fits
 * a 390 px phone and a 1366 px desk, axe clean; "send again" queues the dead letter from the page.
 */
class OutboxBrowserTest extends BrowserTest {

    @Test
    void theOutboxPageFitsBothWidthsInBothLanguagesAndSendsADeadLetterAgain() {
        STACK.graph().state().mail().failNext(1_000, 503);
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        helpdesk.issueFromCard(DemoPeople.ADELE.id(), Map.of("lifetimeMinutes", "60", "oneTime", "true",
                "ticket", "INC-5501", WebSession.CHECKED, "low"));

        driver.get(STACK.appUrl() + "/admin/outbox");
        signIn(DemoOperators.ADMIN);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            driver.get(STACK.appUrl() + "/admin/outbox");
            return !driver.findElements(By.cssSelector("tr[data-state=dead]")).isEmpty();
        });
        STACK.graph().state().mail().failNext(0, 503);
        assertFitsBothWidths();

        driver.manage().addCookie(new org.openqa.selenium.Cookie("tapdesk_lang", "nl"));
        driver.get(STACK.appUrl() + "/admin/outbox");
        waitFor("outbox");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Uitgaande berichten");
        assertFitsBothWidths();

        driver.findElement(By.cssSelector("tr[data-state=dead] button")).click();
        waitFor("notice");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> !STACK.graph().state().outbox().to(DemoPeople.ADELE.mail()).isEmpty());
        assertThat(STACK.graph().state().outbox().to(DemoPeople.ADELE.mail())).hasSize(1);
    }
}
