package io.tapdesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import com.deque.html.axecore.args.AxeRunOptions;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for browser tests. Paths come from TAPDESK_CHROMIUM / TAPDESK_CHROMEDRIVER (default
 * /usr/bin/chromium and /usr/bin/chromedriver). Without them the tests skip and say how to enable them, unless
 * TAPDESK_BROWSER_TESTS=required (as in CI), where a missing browser fails the build.
 */
public final class Browser {

    private Browser() {
    }

    public static ChromeDriver start() {
        String chromium = env("TAPDESK_CHROMIUM", "/usr/bin/chromium");
        String driver = env("TAPDESK_CHROMEDRIVER", "/usr/bin/chromedriver");
        boolean present = new File(chromium).canExecute() && new File(driver).canExecute();
        if (!present) {
            String how = "Browser tests need Chromium and ChromeDriver at " + chromium + " and " + driver
                    + " (Debian: apt-get install chromium chromium-driver; or set TAPDESK_CHROMIUM and TAPDESK_CHROMEDRIVER).";
            if ("required".equalsIgnoreCase(System.getenv("TAPDESK_BROWSER_TESTS"))) {
                throw new AssertionError("TAPDESK_BROWSER_TESTS=required but no browser: " + how);
            }
            Assumptions.abort("Skipped: " + how);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        try {
            // flags proven on these machines: no sandbox as root, and no background calls into a closed network
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-quic", "--no-first-run", "--window-size=1280,1000",
                    "--user-data-dir=" + Files.createTempDirectory("tapdesk-chromium"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * axe on the current page: no serious or critical violation. Every rule runs on the whole page; two settings only
     * save time (together they roughly halve an analysis). Legacy mode runs axe.run in the page itself instead of
     * axe.runPartial there plus finishRun in a second, blank window into which axe is injected again; the two differ
     * only for cross-origin iframes, and TapDesk's pages have no iframes. Asking for
     * the violations alone spares building and sending back every passed and inapplicable check, which nobody reads.
     */
    public static void assertAccessible(ChromeDriver driver) {
        AxeRunOptions violationsOnly = new AxeRunOptions();
        violationsOnly.setResultTypes(List.of("violations"));
        List<Rule> violations = new AxeBuilder().setLegacyMode(true).withOptions(violationsOnly).analyze(driver)
                .getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .toList();
        assertThat(violations).as("axe serious/critical violations on " + driver.getCurrentUrl() + ": "
                + violations.stream().map(v -> v.getId() + " " + v.getNodes().stream().map(n -> n.getTarget().toString()).toList()).toList())
                .isEmpty();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
