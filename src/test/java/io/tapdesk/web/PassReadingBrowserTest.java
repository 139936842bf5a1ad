package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapdesk.support.BrowserTest;
import org.junit.jupiter.api.Test;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * Issue 16's reading aid in Chromium: the pass page spells the value next to it, fits a phone, is accessible, and
 * blanks the spelled form together with the value when the page is left (it is the pass too).
 */
class PassReadingBrowserTest extends BrowserTest {

    @Test
    void theSpelledPassIsShownReadableAndBlankedWithTheValueOnPagehide() {
        STACK.graph().state().nextPassValue("lI1O0o+$");
        driver.get(STACK.appUrl() + "/");
        signIn(DemoOperators.HELPDESK);
        driver.get(STACK.appUrl() + "/users/" + DemoPeople.ADELE.id());
        waitFor("issue-form");
        checkCaller();
        byId("issue-ticket").sendKeys("INC-4243");
        byId("issue-submit").click();
        waitFor("tap-value");

        assertThat(byId("tap-value").getText()).isEqualTo("lI1O0o+$");
        assertThat(byId("tap-spelled").getText()).isEqualTo(
                "lower-case l, capital I, digit one, capital O, digit zero, lower-case o, plus sign, dollar sign");
        assertThat(byId("tap-spelled").isDisplayed()).as("visible, so a screen reader reads it in order").isTrue();
        assertThat(byId("tap-spelled").getAttribute("aria-hidden")).isNull();
        assertThat(byId("tap-validity").getText()).startsWith("Valid for 1 hour, until ");
        assertThat(byId("one-time-reminder").getText()).contains("10 minutes");
        assertFitsBothWidths();

        driver.executeScript("window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}));");
        assertThat(byId("tap-value").getText()).isEmpty();
        assertThat(byId("tap-spelled").getText()).as("the spelled form goes with the value").isEmpty();
        assertThat(driver.getPageSource()).doesNotContain("digit zero").doesNotContain("lI1O0o");
    }
}
