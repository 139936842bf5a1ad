package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapdesk.support.Browser;
import io.tapdesk.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * Issue #13 in Chromium: the card's answer line is on the first screen at 1366×768, and after a refused submit focus is
 * on the error summary at the top and the page title begins with the error. Axe on both pages.
 */
class CardAnswersBrowserTest extends BrowserTest {

    @Test
    void theAnswerIsOnTheFirstScreenAndARefusedSubmitFocusesTheSummary() {
        driver.manage().window().setSize(new Dimension(1366, 768));
        driver.get(STACK.appUrl() + "/users/" + DemoPeople.ADELE.id());
        signIn(DemoOperators.HELPDESK);
        waitFor("card-verdict");
        Number bottom = (Number) driver.executeScript(
                "return document.getElementById('card-verdict').getBoundingClientRect().bottom;");
        assertThat(bottom.doubleValue()).as("the answer line's bottom edge (px)").isLessThanOrEqualTo(768);
        assertThat(byId("card-verdict").getText()).startsWith("You can issue a pass now.");
        Browser.assertAccessible(driver);

        // no ticket, no lifetime: refused by the server
        byId("issue-lifetime").clear();
        byId("issue-submit").click();
        waitFor("error-summary");

        WebElement focused = driver.switchTo().activeElement();
        assertThat(focused.getAttribute("id")).isEqualTo("error-summary");
        assertThat(driver.getTitle()).startsWith("Not issued:");
        Number top = (Number) driver.executeScript("return document.getElementById('error-summary').getBoundingClientRect().top;");
        assertThat(top.doubleValue()).as("the summary is on the first screen").isBetween(0.0, 768.0);
        Browser.assertAccessible(driver);

        // each form error is in the summary and leads to its field (phone walk of #13: the errors were 2,000 px down)
        var links = driver.findElements(By.cssSelector("#error-summary a[href^='#issue-']"));
        assertThat(links.stream().map(l -> l.getAttribute("href").replaceAll(".*#", "")).toList())
                .contains("issue-ticket", "issue-lifetime");
        driver.findElement(By.cssSelector("#error-summary a[href='#issue-ticket']")).click();
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("issue-ticket");
    }
}
