package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.tapdesk.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/** The whole story with the keyboard alone: Tab to move, type, Enter to act. No clicks. */
class KeyboardStoryTest extends BrowserTest {





    /** Presses Tab until the element with this id has focus; fails if Tab never reaches it. */
    void tabTo(String id) {
        for (int presses = 0; presses < 120; presses++) {
            WebElement active = driver.switchTo().activeElement();
            if (id.equals(active.getAttribute("id"))) {
                return;
            }
            new Actions(driver).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("Tab never reached #" + id + " on " + driver.getCurrentUrl());
    }

    void type(String text) {
        new Actions(driver).sendKeys(text).perform();
    }

    void press(Keys key) {
        new Actions(driver).sendKeys(key).perform();
    }

    /** The provider's login form with the keyboard only. */
    @Override
    protected void signIn(DemoOperators.Operator operator) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
        // the provider's login page focuses nothing; Tab into the user name field
        for (int i = 0; i < 20 && !"username".equals(driver.switchTo().activeElement().getAttribute("name")); i++) {
            press(Keys.TAB);
        }
        type(operator.username());
        press(Keys.TAB);
        type(operator.password());
        press(Keys.ENTER);
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains(STACK.appUrl()));
    }

    void findAdele() {
        tabTo("search-q");
        type("adele");
        press(Keys.ENTER);
        waitFor("results");
        tabTo("user-link-" + DemoPeople.ADELE.id());
        press(Keys.ENTER);
        waitFor("issue-form");
    }

    @Test
    void issueAndRevokeWithTheKeyboardOnly() {
        driver.get(STACK.appUrl() + "/");
        signIn(DemoOperators.HELPDESK);
        findAdele();

        // who is calling: the agent called back the number on file, and records it with the keyboard
        tabTo("caller-method-callback");
        press(Keys.SPACE);
        tabTo("caller-submit");
        press(Keys.ENTER);
        waitFor("caller-checks");
        tabTo("issue-ticket");
        type("INC-4343");
        tabTo("issue-submit");
        press(Keys.ENTER);
        waitFor("tap-value");
        assertThat(driver.findElement(By.id("tap-value")).getText()).isNotBlank();
        tabTo("back-to-card");
        press(Keys.ENTER);
        waitFor("pass-status");
        assertThat(driver.findElement(By.id("pass-status")).getText()).contains("Usable until");

        tabTo("logout-submit");
        press(Keys.ENTER);
        waitFor("signed-out-heading");
        tabTo("sign-in-link");
        press(Keys.ENTER);
        signIn(DemoOperators.ADMIN);
        findAdele();

        tabTo("revoke-link");
        press(Keys.ENTER);
        waitFor("revoke-form");
        tabTo("revoke-ticket");
        type("INC-4344");
        tabTo("revoke-reason");
        type("Read out to the wrong caller");
        tabTo("revoke-submit");
        press(Keys.ENTER);
        waitFor("notice");
        assertThat(driver.findElement(By.id("pass-status")).getText()).contains("No pass.");
        assertThat(STACK.graph().state().pass(DemoPeople.ADELE.id())).isEmpty();
    }
}
