package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;


import io.tapdesk.support.Browser;
import io.tapdesk.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * The whole story in headless Chromium: helpdesk signs in, finds Adele, issues, sees the pass once, reload and back
 * show nothing, signs out; admin signs in and revokes. axe checks every TapDesk page on the way.
 */
class BrowserStoryTest extends BrowserTest {

    static final String VALUE = "Tq4!vP+8";






    @Test
    void helpdeskIssuesOnceAndAdminRevokes() {
        STACK.graph().state().nextPassValue(VALUE);

        driver.get(STACK.appUrl() + "/");
        signIn(DemoOperators.HELPDESK);
        assertThat(driver.findElement(By.name("q")).isDisplayed()).isTrue();
        Browser.assertAccessible(driver);

        driver.findElement(By.name("q")).sendKeys("adele");
        byId("search-submit").click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("results")));
        Browser.assertAccessible(driver);

        byId("user-link-" + DemoPeople.ADELE.id()).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("issue-form")));
        assertThat(byId("user-name").getText()).isEqualTo("Adele Vance");
        assertThat(byId("pass-status").getText()).contains("No pass.");
        Browser.assertAccessible(driver);

        checkCaller();
        byId("issue-ticket").sendKeys("INC-4242");
        byId("issue-submit").click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("tap-value")));
        assertThat(byId("tap-value").getText()).isEqualTo(VALUE);
        assertThat(byId("copy-button").isDisplayed()).as("copy button shown when scripts run").isTrue();
        Browser.assertAccessible(driver);

        // reload re-sends the POST: the token is spent, the value is not shown again and no second pass is made
        driver.navigate().refresh();
        acceptResubmitIfAsked();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("spent-heading")));
        assertThat(driver.getPageSource()).doesNotContain(VALUE);
        assertThat(driver.findElements(By.id("tap-value"))).isEmpty();
        Browser.assertAccessible(driver);
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isEqualTo(1);

        driver.navigate().back();
        acceptResubmitIfAsked();
        wait(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
        assertThat(driver.getPageSource()).doesNotContain(VALUE);
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isEqualTo(1);

        driver.get(STACK.appUrl() + "/users/" + DemoPeople.ADELE.id());
        assertThat(byId("pass-status").getText()).contains("Usable until");
        byId("logout-submit").click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("signed-out-heading")));
        Browser.assertAccessible(driver);

        byId("sign-in-link").click();
        signIn(DemoOperators.ADMIN);
        driver.get(STACK.appUrl() + "/users/" + DemoPeople.ADELE.id());
        assertThat(byId("pass-status").getText()).contains("Usable until");
        byId("revoke-link").click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("revoke-form")));
        assertThat(byId("revoke-heading").getText()).contains("Adele Vance");
        Browser.assertAccessible(driver);
        byId("revoke-ticket").sendKeys("INC-4244");
        byId("revoke-reason").sendKeys("The caller lost the phone");
        byId("revoke-submit").click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(byId("notice").getText()).contains("revoked");
        assertThat(byId("pass-status").getText()).contains("No pass.");
        Browser.assertAccessible(driver);
        assertThat(STACK.graph().state().pass(DemoPeople.ADELE.id())).isEmpty();

        // the admin reads the trail of the story just told, and verifies it
        byId("audit-link").click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("audit-rows")));
        assertThat(byId("audit-rows").getText()).contains("INC-4242").contains("Revoke");
        Browser.assertAccessible(driver);
        // the export link shows what would be exported (a GET changes nothing); the export itself is the form's POST
        byId("audit-export").click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("export-download")));
        assertThat(byId("export-filter").getText()).isNotBlank();
        Browser.assertAccessible(driver);
        byId("back-to-audit").click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("audit-verify")));
        byId("audit-verify").click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("chain-intact")));
        Browser.assertAccessible(driver);
    }

    @Test
    void errorPagesAndTheRolePagesAreAccessibleToo() {
        driver.get(STACK.appUrl() + "/signed-out");
        Browser.assertAccessible(driver);
        driver.get(STACK.appUrl() + "/");
        signIn(DemoOperators.NOROLE);
        assertThat(byId("no-role").getText()).contains("TapDesk.Helpdesk");
        Browser.assertAccessible(driver);
        byId("logout-submit").click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("signed-out-heading")));
        byId("sign-in-link").click();
        signIn(DemoOperators.HELPDESK);
        driver.get(STACK.appUrl() + "/users/" + DemoPeople.NESTOR.id());
        assertThat(byId("error-heading").getText()).isNotBlank();
        Browser.assertAccessible(driver);
        driver.get(STACK.appUrl() + "/nowhere");
        assertThat(byId("error-heading").getText()).contains("does not exist");
        Browser.assertAccessible(driver);
        driver.get(STACK.appUrl() + "/preferences?returnTo=/");
        assertThat(byId("tz-select").isDisplayed()).isTrue();
        Browser.assertAccessible(driver);
        driver.get(STACK.appUrl() + "/users/" + DemoPeople.PATTI.id());
        assertThat(byId("privileged").isDisplayed()).isTrue();
        Browser.assertAccessible(driver);
        driver.get(STACK.appUrl() + "/?q=x");
        assertThat(byId("search-q-error").isDisplayed()).isTrue();
        Browser.assertAccessible(driver);
    }

    /** Chromium may ask before re-sending a form; a person would say yes, which is exactly the risk under test. */
    void acceptResubmitIfAsked() {
        try {
            driver.switchTo().alert().accept();
        } catch (org.openqa.selenium.NoAlertPresentException noDialog) {
            // nothing asked
        }
    }
}
