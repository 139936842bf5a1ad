package tapdesk.demo;

import java.time.Duration;
import java.util.Map;

import io.tapdesk.TapDeskApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * {@code mvn spring-boot:test-run}: the complete demo from the test classpath. Starts the Graph stand-in on
 * 127.0.0.1:8089, the demo identity provider on localhost:9000, then TapDesk on 127.0.0.1:8080 (management 8081),
 * and prints where to go and how to sign in.
 */
public final class TapDeskDemo {

    /**
     * Notices after every pass in the demo (and the tests): sent app-only from this mailbox, which the stand-in
     * accepts and keeps in its outbox (README "Notices after every pass").
     */
    public static final Map<String, String> NOTICES = Map.of(
            "tapdesk.notices.sender", "tapdesk-notices@contoso.test",
            "tapdesk.notices.security-mailbox", "security@contoso.test",
            "tapdesk.notices.call-to.en", "the service desk on +31 20 555 0100",
            "tapdesk.notices.call-to.nl", "de servicedesk op +31 20 555 0100");

    public static void main(String[] args) {
        DemoStack stack = DemoStack.start(8089, 9000, 8080, 8081, Duration.ofMinutes(10));
        // the demo also mails the Approvers of each incident (the tests leave it off: IncidentsTest sends it itself)
        Map<String, String> demo = new java.util.HashMap<>(NOTICES);
        demo.put("tapdesk.verification.incident-mailbox", "approvers@contoso.test");
        // a new hire's link opens a day (not an hour) before the pass starts in the demo: Noor's (tomorrow) can be
        // picked up today, Lotte's (in three days) shows "This link opens on …" (README "A new-hire batch in the demo")
        demo.put("tapdesk.onboarding.pickup-opens-before-start", "PT24H");
        new SpringApplicationBuilder(TapDeskApplication.class, DemoAppOnlyCredential.class, DemoClock.class).run(stack.appArguments(demo, args));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.graph().close();
            try {
                stack.database().close();
            } catch (java.io.IOException ignored) {
                // the JVM is ending; the temporary data folder goes with it
            }
        }));
        System.out.println(banner(stack));
        printConfirmationLinks(stack);
    }

    /**
     * The demo has no Teams and no mailbox: the stand-in keeps what it "sent" (StandInOutbox). So that "Ask the manager"
     * can be walked through with two browsers, each question's link is printed with whom it went to (the messages hold
     * nothing secret: a link the manager must sign in to use, and a code the agent sees on the card).
     */
    private static void printConfirmationLinks(DemoStack stack) {
        Thread printer = new Thread(() -> {
            java.util.regex.Pattern link = java.util.regex.Pattern.compile("(https?://[^\"\\s<]*/confirm/(?:pickup/)?[A-Za-z0-9_-]{43})");
            int printed = 0;
            while (true) {
                var sent = stack.graph().state().outbox().all();
                if (sent.size() < printed) {
                    printed = 0;
                }
                for (var message : sent.subList(printed, sent.size())) {
                    var m = link.matcher(message.body());
                    if (m.find()) {
                        System.out.printf("%n  Demo %s to %s: %s%n  (open it in another browser; sign in as the manager)%n%n",
                                message.channel() == tapdesk.demo.graph.StandInOutbox.Channel.CHAT ? "Teams message" : "e-mail",
                                String.join(", ", message.to().stream().map(to -> stack.graph().state().person(to)
                                        .map(DemoPeople.Person::displayName).orElse(to)).toList()), m.group(1));
                    }
                }
                printed = sent.size();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "demo-confirmation-links");
        printer.setDaemon(true);
        printer.start();
    }

    private static String banner(DemoStack stack) {
        StringBuilder sb = new StringBuilder("\n")
                .append("  TapDesk demo is running: ").append(stack.appUrl()).append("/\n")
                .append("  Graph stand-in: ").append(stack.graph().baseUrl())
                .append("   identity provider: ").append(stack.issuer()).append("\n")
                .append("  Verified ID Request Service stand-in: ").append(stack.verifiedId().baseUrl())
                .append("\n    the caller's page: ").append(stack.appUrl()).append("/public/verified-id")
                .append("   the demo wallet: curl -X POST '").append(stack.verifiedId().baseUrl())
                .append("/demo-wallet/retrieved' (then verified?upn=...&score=87.3, error, forged)\n")
                .append("  Health: ").append(stack.managementUrl()).append("/actuator/health")
                .append("   PostgreSQL (embedded): ").append(stack.jdbcUrl()).append("\n\n")
                .append("  Sign in as (user name / password):\n");
        for (DemoOperators.Operator op : DemoOperators.ALL) {
            sb.append(String.format("    %-9s %-15s %s%n", op.username(), op.password(),
                    op.appRoles().isEmpty() ? "no TapDesk role" : String.join(", ", op.appRoles())));
        }
        sb.append("\n  Managers, at the confirmation app (the link in the message \"Ask the manager\" sends; another browser):\n");
        for (DemoOperators.Operator op : DemoOperators.CONFIRMERS) {
            sb.append(String.format("    %-9s %-15s %s%n", op.username(), op.password(), op.displayName()));
        }
        sb.append("\n  People to try: Adele Vance (no pass), Megan Bowen (usable pass), Lee Gu (expired),\n")
                .append("  Patti Fernandez (an admin: helpdesk is refused), Henrietta Mueller (403), Nestor Wilke (404),\n")
                .append("  Lynne Robbins (policy blocks), Lidia Holloway (429), Miriam Graham (503), Christie Cline (504),\n")
                .append("  Debra Berger (created, then the connection drops), Joni Sherman (slow), Irvin Sayers (excluded by the pass policy),\n")
                .append("  Pradeep Gupta (external guest), Alex Wilber (role-assignable group), Isaiah Langer (protected group),\n")
                .append("  Grady Archie (no methods), Lee Gu (many method types). The tenant allows 60-480 minutes.\n")
                .append("\n  New hires: sign in as onboarder and open Starting soon (").append(stack.appUrl())
                .append("/onboarding); eight new hires are seeded from tomorrow on.\n")
                .append("  Pickup links (hand-overs and new hires) are printed here as they are sent: \"Demo e-mail to <manager>: ")
                .append(stack.appUrl()).append("/confirm/pickup/<token>\";\n")
                .append("  a new hire's link opens 24 hours before their pass starts in the demo (tapdesk.onboarding.pickup-opens-before-start;\n")
                .append("  1 hour by default): Noor's works today, Lotte's says when it opens.\n");
        return sb.toString();
    }

    private TapDeskDemo() {
    }
}
