package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.tapdesk.support.Browser;
import io.tapdesk.support.BrowserTest;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * Issue #14 in Chromium, walked as a new service-desk agent would: the five cards whose privilege comes from PIM
 * eligibility, group ownership, a second page of memberships, or could not be read at all. For each, at 1366 px and
 * at 390 px (a phone), as Helpdesk and as Admin: the reason the person counts as privileged (or what could not be
 * read) and the card's answer line are on the page inside the viewport's width, and at 390 px nothing makes the page
 * scroll sideways. axe runs once per page shape, at each width and for each operator: on the card whose privilege
 * could not be read, and on one of the four whose privilege was read (the same template with other words; a different
 * one at each width and operator, so each of the four is analysed once).
 */
class PrivilegeCardBrowserTest extends BrowserTest {

    static final String NEEDS_APPROVAL = "A pass needs a second person\u2019s approval now:";
    static final String CANNOT = "No pass can be issued now:";

    /** Who, what the privilege section must name, and whether the privilege could be read. */
    record Card(DemoPeople.Person person, String reason, boolean read) {
    }

    static final List<Card> CARDS = List.of(
            new Card(DemoPeople.ALLAN, "Eligible for Global Administrator (PIM)", true),
            new Card(DemoPeople.EMILY, "Eligible member of Tier-0 Helpers (PIM)", true),
            new Card(DemoPeople.ENRICO, "Owner of role-assignable group Tier-0 Helpers", true),
            new Card(DemoPeople.RAUL, "Active directory role: Exchange Administrator", true),
            new Card(DemoPeople.CAMERON, "Their roles and groups (transitive memberships).", false));

    @Test
    void helpdeskSeesWhyAndThatItCannotBeIssued() {
        // an Authentication Administrator may not read a privileged person's methods in Entra, so no request either
        walk(DemoOperators.HELPDESK, CANNOT, CANNOT, "Privileged Authentication Administrator", 0);
    }

    @Test
    void adminSeesWhyAndThatItNeedsApproval() {
        walk(DemoOperators.ADMIN, NEEDS_APPROVAL, NEEDS_APPROVAL, "This person is privileged.", 2);
    }

    /**
     * @param readAnswer    how the answer line opens when the privilege was read
     * @param unknownAnswer how it opens when it could not be read
     * @param readWhy       what the answer line must say about why, when the privilege was read
     * @param firstAnalysed the card (index in CARDS) whose privilege was read that axe analyses at 1366 px; at 390 px,
     *                      the next one
     */
    private void walk(DemoOperators.Operator operator, String readAnswer, String unknownAnswer, String readWhy,
                      int firstAnalysed) {
        driver.get(STACK.appUrl() + "/");
        signIn(operator);
        SoftAssertions softly = new SoftAssertions();
        int[] widths = {1366, 390};
        for (int w = 0; w < widths.length; w++) {
            int width = widths[w];
            driver.manage().window().setSize(new Dimension(width, 844));
            for (Card card : CARDS) {
                String where = operator.username() + " on " + card.person().displayName() + " at " + width + " px";
                driver.get(STACK.appUrl() + "/users/" + card.person().id());
                waitFor("card-verdict");
                long innerWidth = ((Number) driver.executeScript("return window.innerWidth;")).longValue();
                assertThat(innerWidth).as("viewport width (px) for " + where).isEqualTo(width);

                String verdict = byId("card-verdict").getText();
                softly.assertThat(verdict).as("answer line, " + where).startsWith(card.read() ? readAnswer : unknownAnswer);
                softly.assertThat(verdict).as("answer line says why, " + where)
                        .contains(card.read() ? readWhy : "could not");
                softly.assertThat(inView("card-verdict")).as("answer line inside the viewport's width, " + where).isTrue();

                if (card.read()) {
                    softly.assertThat(driver.findElements(By.id("privilege-unknown"))).as(where).isEmpty();
                    softly.assertThat(byId("privileged").isDisplayed()).as(where).isTrue();
                    softly.assertThat(inView("privileged")).as("'privileged' inside the width, " + where).isTrue();
                    List<String> found = driver.findElements(By.cssSelector("#privilege-found li")).stream()
                            .map(WebElement::getText).toList();
                    softly.assertThat(found).as("privilege reasons, " + where).contains(card.reason());
                    softly.assertThat(inView("privilege-found")).as("reasons inside the width, " + where).isTrue();
                } else {
                    softly.assertThat(driver.findElements(By.id("privileged"))).as(where).isEmpty();
                    softly.assertThat(byId("privilege-unknown").isDisplayed()).as(where).isTrue();
                    softly.assertThat(byId("privilege-unknown").getText()).as(where).contains("treats them as privileged");
                    softly.assertThat(inView("privilege-unknown")).as("'could not tell' inside the width, " + where).isTrue();
                    String unread = driver.findElements(By.cssSelector("#privilege .privilege-unread")).stream()
                            .map(WebElement::getText).reduce("", String::concat);
                    softly.assertThat(unread).as("what could not be read, " + where).contains(card.reason());
                }

                long scrollWidth = ((Number) driver.executeScript("return document.documentElement.scrollWidth;")).longValue();
                softly.assertThat(scrollWidth).as("page width (px) against the viewport, " + where + "; sticking out: " + sticking()).isLessThanOrEqualTo(innerWidth);
                if (!card.read() || card == CARDS.get(firstAnalysed + w)) {
                    softly.check(() -> Browser.assertAccessible(driver));
                }
            }
        }
        softly.assertAll();
    }

    /** Elements whose right edge lies past the viewport, to name the culprit when the page scrolls sideways. */
    private Object sticking() {
        return driver.executeScript("return Array.from(document.querySelectorAll('body *'))"
                + ".filter(e => e.getBoundingClientRect().right > window.innerWidth)"
                + ".map(e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8);");
    }

    /** The element's box lies within the viewport's width: readable without scrolling sideways. */
    private boolean inView(String id) {
        return (Boolean) driver.executeScript("var r = document.getElementById(arguments[0]).getBoundingClientRect();"
                + " return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth;", id);
    }
}
