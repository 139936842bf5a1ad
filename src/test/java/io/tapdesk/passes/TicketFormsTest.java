package io.tapdesk.passes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * Issue 16: the default ticket pattern takes the forms service desks use, and a ticket of another form is refused on
 * the server with the forms expected, the form keeping what was typed (issue and revoke alike).
 */
class TicketFormsTest extends StackTest {

    @Autowired
    IssueFormParser forms;

    @Test
    void theDefaultPatternTakesTheCommonServiceDeskForms() {
        for (String ticket : new String[]{"INC0012345", "RITM0012345", "INC-12345", "#12345", " CHG-2024 ", "inc0012345"}) {
            assertThat(forms.ticket(ticket)).as(ticket).isEqualTo(ticket.strip());
        }
        for (String ticket : new String[]{"", "12345", "#", "INC 12345", "INC-", "=1+1", "#12a45", "INC-12345;DROP"}) {
            assertThat(forms.ticket(ticket)).as(ticket).isNull();
        }
    }

    @Test
    void aTicketOfAnotherFormIsRefusedSayingWhichFormsAreExpectedAndTheFormKeepsItsValues() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        var refused = web.issueFromCard(DemoPeople.ADELE.id(), Map.of("lifetimeMinutes", "75", "oneTime", "true",
                "ticket", "ticket 42", WebSession.CHECKED, "low"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(WebSession.text(refused, "issue-ticket-error"))
                .isEqualTo("Enter the ticket reference in a form TapDesk accepts, such as INC0012345, RITM0012345, INC-12345, #12345.");
        assertThat(WebSession.inputValue(refused, "issue-ticket")).isEqualTo("ticket 42");
        assertThat(WebSession.inputValue(refused, "issue-lifetime")).isEqualTo("75");
        // the check of the caller is still usable: a form error allows nothing and consumes nothing
        assertThat(WebSession.allText(refused, "caller-checks")).contains("passport, photo matches");
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isZero();

        var issued = web.issueFromCard(DemoPeople.ADELE.id(), Map.of("lifetimeMinutes", "60", "oneTime", "true",
                "ticket", "RITM0012345"));
        assertThat(issued.body()).contains("id=\"tap-value\"");

        // a revoke the same way: refused, said, kept; nothing sent
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        var confirm = admin.get("/users/" + DemoPeople.ADELE.id() + "/passes/revoke");
        var bad = admin.submit(confirm, "/users/" + DemoPeople.ADELE.id() + "/passes/revoke", Map.of("passId",
                WebSession.field(confirm, "passId"), "ticket", "ticket 42", "reason", "Phone stolen"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(WebSession.text(bad, "revoke-ticket-error")).contains("INC0012345, RITM0012345, INC-12345, #12345");
        assertThat(WebSession.field(bad, "ticket")).isEqualTo("ticket 42");
        assertThat(bad.body()).contains(">Phone stolen</textarea>");
        var noReason = admin.submit(confirm, "/users/" + DemoPeople.ADELE.id() + "/passes/revoke", Map.of("passId",
                WebSession.field(confirm, "passId"), "ticket", "#12345", "reason", "  "));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("id=\"revoke-reason-error\"");
        assertThat(STACK.graph().state().pass(DemoPeople.ADELE.id())).as("nothing revoked").isPresent();
    }
}
