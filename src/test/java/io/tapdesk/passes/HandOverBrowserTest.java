package io.tapdesk.passes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tapdesk.support.Browser;
import io.tapdesk.support.BrowserTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * Hand-over in Chromium with two browsers (issue 19): the agent chooses "the manager" on Adele's card and sees who gets
 * the link, never the pass; Patti opens the link from the stand-in's outbox, signs in at the confirmation app, presses
 * "Show the pass" and sees it once; a reload shows no value. Axe and both widths on every page.
 */
class HandOverBrowserTest extends BrowserTest {

    private static final Pattern LINK = Pattern.compile("(https?://[^\\s\"<]*/confirm/pickup/[A-Za-z0-9_-]{43})");

    @Test
    void theAgentHandsThePassToTheManagerWhoSeesItOnce() {
        STACK.graph().state().nextPassValue("Br0wser!pick");
        driver.get(STACK.appUrl() + "/users/" + DemoPeople.ADELE.id());
        signIn(DemoOperators.HELPDESK);
        waitFor("issue-form");
        checkCaller();
        byId("issue-ticket").sendKeys("INC-1919");
        byId("issue-recipient-manager").click();
        assertFitsBothWidths();
        byId("issue-submit").click();
        waitFor("handover-sent");
        assertThat(byId("handover-sent").getText()).contains("Patti Fernandez");
        assertThat(driver.getPageSource()).doesNotContain("Br0wser!pick").doesNotContain("/confirm/pickup/");
        assertFitsBothWidths();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> STACK.graph().state().outbox().all().stream()
                .anyMatch(m -> LINK.matcher(m.body()).find()));
        String url = STACK.graph().state().outbox().all().stream().map(m -> LINK.matcher(m.body()))
                .filter(Matcher::find).map(m -> m.group(1)).reduce((a, b) -> b).orElseThrow();
        ChromeDriver patti = Browser.start();
        try {
            var wait = new WebDriverWait(patti, Duration.ofSeconds(15));
            patti.get(url);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
            patti.findElement(By.name("username")).sendKeys(DemoOperators.PATTI.username());
            patti.findElement(By.name("password")).sendKeys(DemoOperators.PATTI.password());
            patti.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pickup-form")));
            assertThat(patti.findElement(By.id("pickup-ticket")).getText()).isEqualTo("INC-1919");
            assertThat(patti.getPageSource()).doesNotContain("Br0wser!pick");
            withDriver(patti, this::assertFitsBothWidths);

            patti.findElement(By.id("pickup-submit")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("tap-value")));
            assertThat(patti.findElement(By.id("tap-value")).getText()).isEqualTo("Br0wser!pick");
            withDriver(patti, this::assertFitsBothWidths);

            patti.navigate().refresh();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pickup-heading")));
            assertThat(patti.getPageSource()).doesNotContain("Br0wser!pick");
            patti.get(url);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pickup-refusal")));
            assertThat(patti.findElement(By.id("pickup-refusal")).getDomAttribute("data-key")).isEqualTo("pickup.used");
            assertThat(patti.getPageSource()).doesNotContain("Br0wser!pick");
            withDriver(patti, this::assertFitsBothWidths);
        } finally {
            patti.quit();
        }

        // the agent's card lists the hand-over as picked up
        driver.get(STACK.appUrl() + "/users/" + DemoPeople.ADELE.id());
        waitFor("handovers");
        assertThat(byId("handovers").getText()).contains("Patti Fernandez");
        assertThat(driver.getPageSource()).doesNotContain("Br0wser!pick");
        assertFitsBothWidths();
    }

    /** Runs the base class's page checks on {@code other}'s page. */
    private void withDriver(ChromeDriver other, Runnable checks) {
        ChromeDriver agent = driver;
        driver = other;
        try {
            checks.run();
        } finally {
            driver = agent;
        }
    }
}
