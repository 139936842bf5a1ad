package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapdesk.support.BrowserTest;
import io.tapdesk.verification.Incidents;
import io.tapdesk.verification.Party;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * An incident in Chromium (issue 17): the Approvers' queue with its banner, and the Admin's card with the fence and the
 * form that lifts it, fit a phone and the desk with nothing serious for axe; the Admin lifts it with a reason.
 */
class IncidentBrowserTest extends BrowserTest {

    @Autowired
    Incidents incidents;

    @Autowired
    JdbcClient sql;

    @AfterEach
    void liftWhatIsLeft() {
        sql.sql("update person_fence set lifted_at = now(), lifted_by_oid = 'test', lifted_reason = 'test end'"
                + " where lifted_at is null").update();
    }

    @Test
    void theQueueShowsTheBannerAndAnAdminLiftsTheFenceOnTheCard() {
        var person = DemoPeople.ADELE;
        incidents.report(new Party("7d0c8e35-0a51-4c1e-9c5f-00000000a001", "miriam.manager@contoso.test", "Miriam Manager"),
                new Party(person.id(), person.userPrincipalName(), person.displayName()),
                new Party(DemoOperators.HELPDESK.objectId(), "helpdesk@contoso.test", DemoOperators.HELPDESK.displayName()),
                "INC-2024-000000000042", "203.0.113.9",
                "I did not ask for this: she is on parental leave until March and her phone is with the office manager.");

        driver.get(STACK.appUrl() + "/approvals");
        signIn(DemoOperators.APPROVER);
        waitFor("incident-banner");
        assertThat(byId("incident-table").getText()).contains("Adele Vance").contains("Miriam Manager");
        assertFitsBothWidths();

        byId("logout-submit").click();
        waitFor("sign-in-link");
        driver.get(STACK.appUrl() + "/users/" + person.id());
        signIn(DemoOperators.ADMIN);
        waitFor("fence-lift-form");
        assertThat(byId("card-verdict").getText()).contains("no new pass until");
        assertFitsBothWidths();

        byId("fence-lift-reason").sendKeys("Called her back on the number on file: the request was genuine.");
        byId("fence-lift-submit").click();
        waitFor("notice");
        assertThat(byId("notice").getText()).contains("The fence is lifted.");
        waitFor("issue-form");
        assertThat(incidents.active(person.id())).isEmpty();
    }
}
