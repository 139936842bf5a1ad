package io.tapdesk.support;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
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

    /** Fills the demo provider's login form with clicks and typing. */
    protected void signIn(DemoOperators.Operator operator) {
        wait(ExpectedConditions.presenceOfElementLocated(By.name("username")));
        driver.findElement(By.name("username")).sendKeys(operator.username());
        driver.findElement(By.name("password")).sendKeys(operator.password());
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        wait(ExpectedConditions.urlContains(STACK.appUrl()));
    }
}
