package io.tapdesk.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.unbescape.html.HtmlEscape;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * Issue 16: the audit page and its CSV in a person's words, in English and Dutch. After a flow that leaves every
 * common kind of row (issue, refusals, Graph's refusal and an unknown outcome, a request approved and withdrawn, a
 * revoke with its ticket and reason, an export), neither holds a message key or an enum constant TapDesk defines,
 * {@code =null}, or a time with fractions of a second; a revoke's pass id is not under "Caller check"; the CSV starts
 * with a byte-order mark, names its columns in the page's language and guards every cell against formulas.
 */
class AuditInWordsTest extends StackTest {

    static final Pattern NANOS = Pattern.compile("\\d{2}:\\d{2}:\\d{2}\\.\\d");

    @ParameterizedTest
    @ValueSource(strings = {"en", "nl"})
    void theAuditPageAndTheCsvSayEverythingInWords(String language) throws IOException {
        leaveEveryKindOfRow();
        WebSession auditor = session();
        var home = auditor.signIn(DemoOperators.AUDITOR);
        auditor.submit(home, "/preferences/language", Map.of("lang", language, "returnTo", "/"));
        auditor.submit(auditor.get("/"), "/preferences/time-zone", Map.of("zone", "Europe/Amsterdam", "returnTo", "/"));

        var page = auditor.get("/audit");
        assertThat(page.body()).contains("<html lang=\"" + language + "\"").contains("id=\"audit-rows\"");
        String visible = visibleText(page);
        assertThat(visible).as("the flow's rows are on the page").contains("INC-7001").contains("INC-7002");
        assertFreeOfCodes("audit page (" + language + ")", page.body(), visible);
        // a revoke row: its reason in words, the pass id as a detail, nothing under "Caller check"
        String revokeRow = row(page, "INC-7002");
        assertThat(HtmlEscape.unescapeHtml(revokeRow)).contains(language.equals("en") ? "Reason: Phone stolen." : "Reden: Phone stolen.")
                .contains(language.equals("en") ? "Pass id " : "Pass-id ");
        assertThat(revokeRow).containsPattern("data-label=\"[^\"]+\"><span></span>\\s*</td>");

        var exportPage = auditor.get("/audit/export");
        assertThat(visibleText(exportPage)).contains(language.equals("en") ? "Time (UTC)" : "Tijd (UTC)")
                .contains(language.equals("en") ? "byte-order mark" : "byte-order mark");
        HttpResponse<String> csv = auditor.postFrom(exportPage, "/audit/export", Map.of());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).as("UTF-8 with a byte-order mark").startsWith("\uFEFF");
        List<CSVRecord> records = CSVFormat.DEFAULT.parse(new StringReader(csv.body().substring(1))).getRecords();
        assertThat(records.get(0).toList()).as("columns named in the page's language")
                .contains(language.equals("en") ? "Caller check" : "Controle beller");
        assertThat(records).as("the flow's rows are exported").hasSizeGreaterThan(8);
        assertThat(records).allSatisfy(r -> assertThat(r.toList()).as("every cell guarded against formulas")
                .noneMatch(cell -> !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0));
        assertThat(csv.body()).contains("'=HYPERLINK(");
        assertFreeOfCodes("CSV (" + language + ")", csv.body(), csv.body());
    }

    /** Every reason a refusal or a request records, and every Graph failure, has the audit's own words. */
    @Test
    void everyRecordedReasonHasWordsInEveryLanguage() throws IOException {
        for (String file : List.of("/messages.properties", "/messages_nl.properties")) {
            Properties messages = messages(file);
            for (String key : messages.stringPropertyNames()) {
                if (key.startsWith("guard.") || (key.startsWith("approval.reason.") && !key.equals("approval.reason.label"))) {
                    assertThat(messages).as(file).containsKey("audit.why." + key);
                }
            }
            for (var kind : io.tapdesk.graph.GraphFailure.Kind.values()) {
                assertThat(messages).as(file).containsKey("audit.graph." + AuditWords.lowerHyphen(kind.name()));
            }
            for (var state : io.tapdesk.directory.PassStatus.State.values()) {
                assertThat(messages).as(file).containsKey("audit.detail.state." + AuditWords.lowerHyphen(state.name()));
            }
            for (String column : AuditWords.CSV_COLUMNS) {
                assertThat(messages).as(file).containsKey("audit.csv." + column).containsKey("audit.csv." + column + ".about");
            }
        }
    }

    private void leaveEveryKindOfRow() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        // issued, after a check of the caller whose note a spreadsheet would run as a formula (the CSV's guard)
        var card = helpdesk.get("/users/" + DemoPeople.ADELE.id());
        assertThat(helpdesk.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/caller-checks",
                Map.of("method", "in-person", "note", "=HYPERLINK(\"http://evil.example\") passport")).statusCode()).isEqualTo(302);
        issue(helpdesk, DemoPeople.ADELE, Map.of("ticket", "INC-7001"));
        // refused by TapDesk: a working pass not confirmed for replacing, and an external guest
        issue(helpdesk, DemoPeople.ADELE, Map.of());
        issue(helpdesk, DemoPeople.PRADEEP, Map.of());
        // refused by Graph, and an unknown outcome
        issue(helpdesk, DemoPeople.MIRIAM, Map.of());
        issue(helpdesk, DemoPeople.CHRISTIE, Map.of());
        // a request for approval (multi-use), approved, then withdrawn
        var grady = DemoPeople.named("Grady Archie");
        Map<String, String> multiUse = new HashMap<>(Map.of("lifetimeMinutes", "60", "ticket", "INC-7003",
                WebSession.CHECKED, "medium"));
        var stored = helpdesk.issueFromCard(grady.id(), multiUse);
        String request = stored.headers().firstValue("Location").orElseThrow().replaceAll(".*/requests/([0-9]+).*", "$1");
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        approver.postFrom(approver.get("/approvals/" + request), "/approvals/" + request + "/approve", Map.of("reason", "Manager on Teams"));
        helpdesk.postFrom(helpdesk.get("/requests/" + request), "/requests/" + request + "/withdraw", Map.of());
        // a revoke with its ticket and reason
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        var confirm = admin.get("/users/" + DemoPeople.ADELE.id() + "/passes/revoke");
        var revoked = admin.submit(confirm, "/users/" + DemoPeople.ADELE.id() + "/passes/revoke", Map.of("passId",
                WebSession.field(confirm, "passId"), "ticket", "INC-7002", "reason", "Phone stolen"));
        assertThat(revoked.body()).contains("id=\"notice\"");
        // an export with and without a filter
        var export = admin.get("/audit/export?person=adele");
        admin.postFrom(export, "/audit/export", Map.of("person", "adele"));
        admin.postFrom(export, "/audit/export", Map.of());
    }

    private static HttpResponse<String> issue(WebSession web, DemoPeople.Person person, Map<String, String> extra) {
        Map<String, String> form = new HashMap<>(Map.of("lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-7000",
                WebSession.CHECKED, "low"));
        form.putAll(extra);
        return web.issueFromCard(person.id(), form);
    }

    /** No message key, enum constant, "=null" or fraction of a second in {@code text} (the visible words). */
    static void assertFreeOfCodes(String what, String whole, String text) throws IOException {
        List<String> found = new ArrayList<>();
        for (String key : messages("/messages.properties").stringPropertyNames()) {
            if (Pattern.compile("(?<![A-Za-z0-9.-])" + Pattern.quote(key) + "(?![A-Za-z0-9-]|\\.[A-Za-z0-9])").matcher(whole).find()) {
                found.add("key " + key);
            }
        }
        for (String constant : enumConstants()) {
            if (Pattern.compile("\\b" + Pattern.quote(constant) + "\\b").matcher(text).find()) {
                found.add("enum " + constant);
            }
        }
        if (text.contains("=null") || Pattern.compile("\\bnull\\b").matcher(text).find()) {
            found.add("null");
        }
        if (NANOS.matcher(text).find()) {
            found.add("fractions of a second");
        }
        assertThat(found).as(what + " holds codes instead of words").isEmpty();
    }

    /** Every constant of every enum in TapDesk's own (main) code. */
    static Set<String> enumConstants() {
        Set<String> names = new LinkedHashSet<>();
        new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.tapdesk")
                .stream().filter(c -> c.isEnum()).forEach(c -> {
                    for (Object constant : c.reflect().getEnumConstants()) {
                        names.add(((Enum<?>) constant).name());
                    }
                });
        assertThat(names).as("enums found").contains("USABLE", "NO_RESPONSE", "ISSUE", "SENT_BACK");
        return names;
    }

    static Properties messages(String resource) throws IOException {
        Properties p = new Properties();
        try (var in = AuditInWordsTest.class.getResourceAsStream(resource)) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return p;
    }

    private static String visibleText(HttpResponse<String> page) {
        String main = page.body().substring(page.body().indexOf("<main"), page.body().indexOf("</main>"));
        return HtmlEscape.unescapeHtml(main.replaceAll("(?s)<[^>]*>", " "));
    }

    private static String row(HttpResponse<String> page, String containing) {
        var m = Pattern.compile("(?s)<tr data-action-id=.*?</tr>").matcher(page.body());
        while (m.find()) {
            if (m.group().contains(containing)) {
                return m.group();
            }
        }
        throw new AssertionError("no row with " + containing);
    }
}
