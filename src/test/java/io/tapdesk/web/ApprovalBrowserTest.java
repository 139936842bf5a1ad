package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.tapdesk.support.Browser;
import io.tapdesk.support.WebSession;
import io.tapdesk.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/** Four eyes in Chromium: helpdesk asks, the approver decides (and never sees a pass), helpdesk issues once. */
class ApprovalBrowserTest extends BrowserTest {







    void signOutAndIn(DemoOperators.Operator next) {
        byId("logout-submit").click();
        waitFor("sign-in-link");
        byId("sign-in-link").click();
        signIn(next);
    }

    @Test
    void requestApproveAndIssue() {
        driver.get(STACK.appUrl() + "/users/" + DemoPeople.ADELE.id());
        signIn(DemoOperators.HELPDESK);
        waitFor("issue-form");
        byId("issue-one-time").click(); // a multi-use pass: needs approval
        byId("issue-verification-manager").click();
        byId("issue-ticket").sendKeys("CHG-2024");
        byId("issue-submit").click();
        waitFor("waiting");
        String requestId = driver.getCurrentUrl().replaceAll(".*/requests/", "");
        assertThat(driver.findElements(By.id("tap-value"))).isEmpty();
        Browser.assertAccessible(driver);

        signOutAndIn(DemoOperators.APPROVER);
        byId("approvals-link").click();
        waitFor("queue");
        Browser.assertAccessible(driver);
        byId("open-request-" + requestId).click();
        waitFor("decide-form");
        Browser.assertAccessible(driver);
        byId("decision-reason").sendKeys("Manager confirmed by phone");
        byId("approve-submit").click();
        waitFor("notice");
        assertThat(driver.getPageSource()).doesNotContain("tap-value");

        signOutAndIn(DemoOperators.HELPDESK);
        byId("requests-link").click();
        waitFor("mine");
        Browser.assertAccessible(driver);
        byId("my-request-" + requestId).click();
        waitFor("approved-issue-form");
        Browser.assertAccessible(driver);
        byId("approved-issue-submit").click();
        waitFor("tap-value");
        assertThat(byId("tap-value").getText()).isNotBlank();
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isEqualTo(1);
    }

    /** Issue #13: the requester's page, left open, shows the decision by itself (it polls; StackTest polls every 300 ms). */
    @Test
    void theRequestPageUpdatesItselfWhenTheDecisionIsMade() {
        driver.get(STACK.appUrl() + "/users/" + DemoPeople.ADELE.id());
        signIn(DemoOperators.HELPDESK);
        waitFor("issue-form");
        byId("issue-one-time").click(); // a multi-use pass: needs approval
        byId("issue-verification-manager").click();
        byId("issue-ticket").sendKeys("CHG-2025");
        byId("issue-submit").click();
        waitFor("waiting-live");
        String requestId = driver.getCurrentUrl().replaceAll(".*/requests/([0-9]+).*", "$1");
        Browser.assertAccessible(driver);

        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        var page = approver.get("/approvals/" + requestId);
        assertThat(approver.postFrom(page, "/approvals/" + requestId + "/approve", Map.of("reason", "Manager confirmed"))
                .statusCode()).isEqualTo(302);

        waitFor("approved-issue-form"); // no click, no reload by the test
        assertThat(driver.getCurrentUrl()).contains("/requests/" + requestId);
        Browser.assertAccessible(driver);
    }
}
