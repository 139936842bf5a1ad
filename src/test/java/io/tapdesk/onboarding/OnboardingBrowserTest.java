package io.tapdesk.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapdesk.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.graph.StandInNewHires;

/**
 * "Starting soon" in Chromium, English and Dutch, at 1366 and 390 px, axe clean: the onboarder ticks a new hire and
 * schedules the hand-over; the result page says when the link goes and when the pass works.
 */
class OnboardingBrowserTest extends BrowserTest {

    @Test
    void theStartingSoonPageFitsBothWidthsInBothLanguages_andSchedulesAHandOver() {
        driver.get(STACK.appUrl() + "/onboarding");
        signIn(DemoOperators.ONBOARDER);
        driver.get(STACK.appUrl() + "/onboarding");
        waitFor("new-hires");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Starting soon");
        assertFitsBothWidths();
        // at 390 px the caption spans the table, not a narrow column of one word a line (walk finding 15)
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        long caption = ((Number) driver.executeScript(
                "return document.querySelector('#new-hires caption').getBoundingClientRect().width;")).longValue();
        long table = ((Number) driver.executeScript(
                "return document.querySelector('#new-hires').getBoundingClientRect().width;")).longValue();
        assertThat(caption).as("caption width (px) of a %d px table", table).isGreaterThanOrEqualTo(table * 9 / 10);

        driver.manage().addCookie(new org.openqa.selenium.Cookie("tapdesk_lang", "nl"));
        driver.get(STACK.appUrl() + "/onboarding");
        waitFor("new-hires");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Binnenkort in dienst");
        assertFitsBothWidths();

        // Sam has other sign-in methods: no box to tick
        assertThat(driver.findElements(By.cssSelector("#hire-" + StandInNewHires.SAM.id() + " input[type=checkbox]"))).isEmpty();
        driver.findElement(By.cssSelector("#hire-" + StandInNewHires.DAAN.id())).isDisplayed();
        driver.findElement(By.cssSelector("#hire-" + StandInNewHires.NOOR.id() + " input[type=checkbox]")).click();
        byId("lifetimeMinutes").clear();
        byId("lifetimeMinutes").sendKeys("60");
        byId("batch-submit").click();
        waitFor("batch-results");
        assertThat(driver.findElement(By.cssSelector("#result-" + StandInNewHires.NOOR.id())).getAttribute("data-scheduled"))
                .isEqualTo("true");
        assertFitsBothWidths();
    }
}
