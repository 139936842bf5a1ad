package io.tapdesk.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.tapdesk.support.Browser;
import io.tapdesk.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.verifiedid.DemoWallet;

/**
 * "Get verified" in Chromium with two browsers (issue 18): the agent starts it from Adele's card and reads the code;
 * the caller, in a browser of their own and signed in nowhere, types it on the public page and gets the link for
 * Authenticator; the demo wallet presents; the agent's card updates by itself. Axe and both widths on the card's part
 * and on each public page.
 */
class VerifiedIdBrowserTest extends BrowserTest {

    @Test
    void theAgentReadsTheCodeAndTheCallerGetsVerifiedInAnotherBrowser() {
        driver.get(STACK.appUrl() + "/users/" + DemoPeople.ADELE.id());
        signIn(DemoOperators.HELPDESK);
        waitFor("vid-form");
        byId("vid-submit").click();
        waitFor("vid-code-value");
        String code = byId("vid-code-value").getText();
        assertThat(code).matches("[0-9]{4} [0-9]{4}");
        assertThat(byId("vid-state").getText()).contains("waiting for the caller");
        assertFitsBothWidths();

        ChromeDriver caller = Browser.start();
        try {
            var wait = new WebDriverWait(caller, Duration.ofSeconds(15));
            caller.get(STACK.appUrl() + "/public/verified-id");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("vid-public-form")));
            withDriver(caller, this::assertFitsBothWidths);
            // a wrong code first: the page says so, and the form is there again
            caller.findElement(By.id("vid-public-code")).sendKeys("0000 0000");
            caller.findElement(By.id("vid-public-submit")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("vid-public-problem")));
            withDriver(caller, this::assertFitsBothWidths);
            caller.findElement(By.id("vid-public-code")).sendKeys(code);
            caller.findElement(By.id("vid-public-submit")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("vid-link")));
            assertThat(caller.findElement(By.id("vid-link")).getAttribute("href")).startsWith("openid-vc://?request_uri=");
            withDriver(caller, this::assertFitsBothWidths);
            assertThat(caller.manage().getCookies()).as("the public pages set no cookie").isEmpty();
        } finally {
            caller.quit();
        }

        DemoWallet wallet = new DemoWallet(STACK.verifiedId().latest().orElseThrow());
        assertThat(wallet.retrieved()).isEqualTo(200);
        assertThat(wallet.verified(DemoPeople.ADELE.userPrincipalName(), 87.3)).isEqualTo(200);
        // the agent's card asked meanwhile and reloaded itself
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("vid-state"), "face check 87.3"));
        assertThat(byId("caller-checks").getText()).contains("Verified ID, face check 87.3");
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
