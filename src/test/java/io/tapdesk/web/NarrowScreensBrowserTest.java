package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.tapdesk.support.BrowserTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * Issue 16, "any screen": search (empty, with results), cards, the audit page and its export page, and the
 * preferences fit a 390 px phone and a 1366 px desk without sideways scrolling, axe clean; the search box has the
 * focus when the page opens. (Requests and approvals: ApprovalBrowserTest; the pass page: PassReadingBrowserTest.)
 */
class NarrowScreensBrowserTest extends BrowserTest {

    @Test
    void everyPageFitsAPhoneAndTheDeskAndSearchStartsInTheSearchBox() {
        // rows with long words for the audit page: a refusal's reasons, a revoke's ticket and reason
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        helpdesk.issueFromCard(DemoPeople.ADELE.id(), Map.of("lifetimeMinutes", "60", "oneTime", "true",
                "ticket", "RITM-0012345678", WebSession.CHECKED, "low"));
        helpdesk.issueFromCard(DemoPeople.PRADEEP.id(), Map.of("lifetimeMinutes", "60", "oneTime", "true",
                "ticket", "INC-12345", WebSession.CHECKED, "low"));

        driver.get(STACK.appUrl() + "/");
        signIn(DemoOperators.ADMIN);
        waitFor("search-q");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).as("focus on load").isEqualTo("search-q");
        assertFitsBothWidths();

        driver.get(STACK.appUrl() + "/?q=adele");
        waitFor("results");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("search-q");
        assertFitsBothWidths();

        for (var person : new DemoPeople.Person[]{DemoPeople.ADELE, DemoPeople.PRADEEP, DemoPeople.named("Lee Gu")}) {
            driver.get(STACK.appUrl() + "/users/" + person.id());
            waitFor("user-name");
            assertFitsBothWidths();
        }

        driver.get(STACK.appUrl() + "/users/" + DemoPeople.ADELE.id() + "/passes/revoke");
        waitFor("revoke-form");
        assertFitsBothWidths();
        byId("revoke-ticket").sendKeys("INC-0012345");
        byId("revoke-reason").sendKeys("The person called from an unknown number and could not confirm the ticket");
        byId("revoke-submit").click();
        waitFor("notice");

        driver.get(STACK.appUrl() + "/audit");
        waitFor("audit-rows");
        assertThat(driver.findElement(By.id("audit-rows")).getText()).contains("INC-0012345");
        assertFitsBothWidths();
        driver.get(STACK.appUrl() + "/audit/export");
        waitFor("export-columns");
        assertFitsBothWidths();
        driver.get(STACK.appUrl() + "/preferences");
        waitFor("main");
        assertFitsBothWidths();
    }
}
