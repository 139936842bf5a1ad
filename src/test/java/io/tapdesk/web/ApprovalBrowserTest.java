package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

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
        WebSession.managerConfirmed(STACK, DemoOperators.HELPDESK, DemoPeople.ADELE.id()); // a multi-use pass: medium tier
        byId("issue-ticket").sendKeys("CHG-2024");
        byId("issue-submit").click();
        waitFor("waiting");
        String requestId = driver.getCurrentUrl().replaceAll(".*/requests/", "");
        assertThat(driver.findElements(By.id("tap-value"))).isEmpty();
        assertThat(byId("now-privilege").getText()).isEqualTo("Not privileged");
        assertFitsBothWidths();

        signOutAndIn(DemoOperators.APPROVER);
        byId("approvals-link").click();
        waitFor("queue");
        assertFitsBothWidths();
        byId("open-request-" + requestId).click();
        waitFor("decide-form");
        assertFitsBothWidths();
        byId("decision-reason").sendKeys("Manager confirmed by phone");
        byId("approve-submit").click();
        waitFor("notice");
        assertThat(driver.getPageSource()).doesNotContain("tap-value");

        signOutAndIn(DemoOperators.HELPDESK);
        byId("requests-link").click();
        waitFor("mine");
        assertFitsBothWidths();
        byId("my-request-" + requestId).click();
        waitFor("approved-issue-form");
        assertFitsBothWidths();
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
        WebSession.managerConfirmed(STACK, DemoOperators.HELPDESK, DemoPeople.ADELE.id()); // a multi-use pass: medium tier
        byId("issue-ticket").sendKeys("CHG-2025");
        byId("issue-submit").click();
        waitFor("waiting-live");
        String requestId = driver.getCurrentUrl().replaceAll(".*/requests/([0-9]+).*", "$1");
        assertFitsBothWidths();

        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        var page = approver.get("/approvals/" + requestId);
        assertThat(approver.postFrom(page, "/approvals/" + requestId + "/approve", WebSession.decision(page, "Manager confirmed"))
                .statusCode()).isEqualTo(302);

        waitFor("approved-issue-form"); // no click, no reload by the test
        assertThat(driver.getCurrentUrl()).contains("/requests/" + requestId);
        assertFitsBothWidths();
    }
}
