package io.tapdesk.audit;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import io.tapdesk.security.Operator;
import io.tapdesk.security.Roles;
import io.tapdesk.web.ClientAddress;
import io.tapdesk.web.TimeZonePreference;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit page: Auditor and Admin see every action, Helpdesk its own; Auditor and Admin export (a page saying
 * what, then a POST with CSRF that streams the CSV and audits the export itself) and verify the chain.
 */
@Controller
class AuditController {

    private final AuditQuery query;
    private final AuditTrail trail;
    private final AuditLog audit;
    private final TimeZonePreference timeZones;
    private final AuditWords words;

    AuditController(AuditQuery query, AuditTrail trail, AuditLog audit, TimeZonePreference timeZones, AuditWords words) {
        this.words = words;
        this.query = query;
        this.trail = trail;
        this.audit = audit;
        this.timeZones = timeZones;
    }

    @GetMapping("/audit")
    String page(@RequestParam(required = false) String operatorFilter, @RequestParam(required = false) String person,
                @RequestParam(required = false) String action, @RequestParam(required = false) String outcome,
                @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(defaultValue = "0") String page, @ModelAttribute("operator") Operator operator,
                HttpServletRequest request, HttpServletResponse response, Locale locale, Model model) {
        AuditFilter filter = filter(operatorFilter, person, action, outcome, from, to, page, model);
        if (model.containsAttribute("filterError")) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        ZoneId zone = timeZones.resolve(request);
        List<AuditRow> rows = query.page(filter, onlyOwn(operator), zone);
        model.addAttribute("filter", filter);
        model.addAttribute("rows", (rows.size() > query.pageSize() ? rows.subList(0, query.pageSize()) : rows).stream()
                .map(r -> words.line(r, zone, locale)).toList());
        model.addAttribute("hasNext", rows.size() > query.pageSize());
        model.addAttribute("ownOnly", onlyOwn(operator) != null);
        model.addAttribute("actions", AuditFilter.ACTIONS);
        model.addAttribute("outcomes", AuditFilter.OUTCOMES);
        return "audit/index";
    }

    /**
     * What an export would hold (the filter) and the button that exports it. A GET changes nothing, so a link from
     * another site cannot make an operator export (and write the audit row); the export is the POST below.
     */
    @GetMapping("/audit/export")
    String exportPage(@RequestParam(required = false) String operatorFilter, @RequestParam(required = false) String person,
                      @RequestParam(required = false) String action, @RequestParam(required = false) String outcome,
                      @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                      HttpServletResponse response, Locale locale, Model model) {
        AuditFilter filter = filter(operatorFilter, person, action, outcome, from, to, "0", model);
        if (model.containsAttribute("filterError")) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        model.addAttribute("filter", filter);
        model.addAttribute("columns", words.csvColumns(locale));
        return "audit/export";
    }

    /** The export: recorded first (not done if it cannot be), then the filtered trail as CSV, streamed. */
    @PostMapping("/audit/export")
    void export(@RequestParam(required = false) String operatorFilter, @RequestParam(required = false) String person,
                @RequestParam(required = false) String action, @RequestParam(required = false) String outcome,
                @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @ModelAttribute("operator") Operator operator, HttpServletRequest request, HttpServletResponse response,
                Locale locale, Model model) throws IOException {
        AuditFilter filter = filter(operatorFilter, person, action, outcome, from, to, "0", model);
        // the export is itself an action: recorded first, and not done if it cannot be recorded
        audit.event(AuditAction.EXPORT, AuditOutcome.EXPORTED, new AuditLog.Context(operator, null, null, null, null, null, ClientAddress.of(request)),
                filter.describe());
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"tapdesk-audit.csv\"");
        response.setHeader("Cache-Control", "no-store");
        var writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        // a byte-order mark first: Excel reads the file as UTF-8 only with it (names with accents stay whole)
        writer.write('\uFEFF');
        ZoneId zone = timeZones.resolve(request);
        try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT)) {
            csv.printRecord(words.csvHeader(locale).stream().map(AuditController::safe).toList());
            query.each(filter, null, zone, row -> print(csv, words.line(row, zone, locale)));
        }
    }

    @GetMapping("/audit/verify")
    String verify(Model model) {
        model.addAttribute("result", trail.verify());
        return "audit/verify";
    }

    /**
     * An export that cannot be recorded is not done: the database is away, or the chain is damaged (docs/audit.md §2),
     * and the page says which.
     */
    @ExceptionHandler(AuditUnavailable.class)
    String notRecorded(AuditUnavailable e, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        model.addAttribute("auditDamaged", e.damaged());
        return "passes/not-recorded";
    }

    /** Every cell through the formula guard, whatever it holds. */
    private void print(CSVPrinter csv, AuditWords.Line line) {
        try {
            csv.printRecord(words.csvCells(line).stream().map(AuditController::safe).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cell a spreadsheet would run as a formula gets a leading apostrophe (CSV injection). */
    static String safe(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + cell : cell;
    }

    /** Helpdesk sees its own actions only. */
    private static String onlyOwn(Operator operator) {
        return operator.has(Roles.ADMIN) || operator.has(Roles.AUDITOR)
                ? null : operator.objectId();
    }

    private static AuditFilter filter(String operator, String person, String action, String outcome, String from, String to,
                                      String page, Model model) {
        return new AuditFilter(operator, person, action, outcome, date(from, model), date(to, model),
                page != null && page.matches("[0-9]{1,6}") ? Integer.parseInt(page) : 0);
    }

    private static LocalDate date(String text, Model model) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            model.addAttribute("filterError", "audit.error.date");
            return null;
        }
    }
}
