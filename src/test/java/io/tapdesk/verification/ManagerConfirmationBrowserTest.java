package io.tapdesk.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tapdesk.support.Browser;
import io.tapdesk.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * "Ask the manager" in Chromium with two browsers: the agent asks from Adele's card, Patti (her manager) opens the
 * link from the Teams message in her own browser, signs in at the confirmation app and confirms; the agent's card
 * updates by itself. Axe and both widths on the card's question and on each confirmation page.
 */
class ManagerConfirmationBrowserTest extends BrowserTest {

    private static final Pattern LINK = Pattern.compile("href=\"([^\"]*/confirm/[A-Za-z0-9_-]{43})\"");

    @Test
    void theAgentAsksAndTheManagerConfirmsInAnotherBrowser() {
        driver.get(STACK.appUrl() + "/users/" + DemoPeople.ADELE.id());
        signIn(DemoOperators.HELPDESK);
        waitFor("ask-form");
        byId("ask-ticket-input").sendKeys("INC-2026");
        byId("ask-submit").click();
        waitFor("ask-state");
        assertThat(byId("ask-state").getText()).contains("Patti Fernandez").contains("waiting");
        assertFitsBothWidths();

        var message = STACK.graph().state().outbox().all().get(0);
        Matcher link = LINK.matcher(message.body());
        assertThat(link.find()).isTrue();
        ChromeDriver patti = Browser.start();
        try {
            var wait = new WebDriverWait(patti, Duration.ofSeconds(15));
            patti.get(link.group(1));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
            patti.findElement(By.name("username")).sendKeys(DemoOperators.PATTI.username());
            patti.findElement(By.name("password")).sendKeys(DemoOperators.PATTI.password());
            patti.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("confirm-form")));
            assertThat(patti.findElement(By.id("confirm-code")).getText())
                    .isEqualTo(byId("ask-state").getText().replaceAll(".*code ([0-9]{6}).*", "$1"));
            withDriver(patti, this::assertFitsBothWidths);

            patti.findElement(By.id("confirm-how")).sendKeys("I'm next to them at the desk");
            patti.findElement(By.id("confirm-submit")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("confirm-outcome")));
            assertThat(patti.findElement(By.id("confirm-heading")).getText()).contains("confirmed");
            withDriver(patti, this::assertFitsBothWidths);

            // the same link again: answered already
            patti.get(link.group(1));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("confirm-outcome")));
            assertThat(patti.findElement(By.id("confirm-heading")).getText()).contains("answered already");
            withDriver(patti, this::assertFitsBothWidths);
        } finally {
            patti.quit();
        }

        // the agent's card asked meanwhile and reloaded itself
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("ask-state"), "confirmed"));
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
