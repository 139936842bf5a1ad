package io.tapdesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tapdesk.demo.DemoOperators;

/** Base of the Chromium tests: a fresh browser per test (no cookies carried over) and the steps they share. */
public abstract class BrowserTest extends StackTest {

    protected ChromeDriver driver;

    @BeforeEach
    void browser() {
        driver = Browser.start();
    }

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    protected void wait(ExpectedCondition<?> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(condition);
    }

    protected void waitFor(String id) {
        wait(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    protected WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    /**
     * The current page at a desk (1366 px) and on a phone (390 px): axe finds nothing serious and nothing makes the
     * page scroll sideways (the culprits are named). The window is left at 1366 px.
     */
    protected void assertFitsBothWidths() {
        for (int width : new int[] {390, 1366}) {
            driver.manage().window().setSize(new Dimension(width, 844));
            long inner = ((Number) driver.executeScript("return window.innerWidth;")).longValue();
            assertThat(inner).as("viewport width (px)").isEqualTo(width);
            long scroll = ((Number) driver.executeScript("return document.documentElement.scrollWidth;")).longValue();
            assertThat(scroll).as("page width (px) at a viewport of %d px on %s; sticking out: %s", inner,
                    driver.getCurrentUrl(), driver.executeScript("return Array.from(document.querySelectorAll('body *'))"
                            + ".filter(e => e.getBoundingClientRect().right > window.innerWidth)"
                            + ".map(e => e.tagName + (e.id ? '#' + e.id : '')).slice(0, 8);")).isLessThanOrEqualTo(inner);
            Browser.assertAccessible(driver);
        }
    }

    /** Fills the demo provider's login form with clicks and typing. */
    /**
     * On the card: the agent records that they called the caller back on the first number on file (or, without one,
     * saw them in person), and is back on the card.
     */
    protected void checkCaller() {
        if (!driver.findElements(org.openqa.selenium.By.id("caller-method-callback")).isEmpty()) {
            byId("caller-method-callback").click();
        } else {
            byId("caller-method-in-person").click();
            byId("caller-note").sendKeys("passport, photo matches");
        }
        byId("caller-submit").click();
        waitFor("caller-checks");
    }

    protected void signIn(DemoOperators.Operator operator) {
        wait(ExpectedConditions.presenceOfElementLocated(By.name("username")));
        driver.findElement(By.name("username")).sendKeys(operator.username());
        driver.findElement(By.name("password")).sendKeys(operator.password());
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        wait(ExpectedConditions.urlContains(STACK.appUrl()));
    }
}
