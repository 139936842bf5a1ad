package io.tapdesk.passes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.tapdesk.audit.AuditProperties;
import io.tapdesk.directory.PassRequest;
import org.junit.jupiter.api.Test;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;

class IssueFormParserTest {

    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    final IssueFormParser parser = new IssueFormParser(Clock.fixed(Instant.parse("2026-03-20T10:00:00Z"), ZoneOffset.UTC),
            new AuditProperties("k".repeat(32), java.util.List.of(), 100, java.time.Duration.ofMinutes(5), "[A-Za-z][A-Za-z0-9]{1,9}-[0-9]{1,12}|[A-Za-z]{2,10}[0-9]{1,12}|#[0-9]{1,12}",
                    50, java.time.Duration.ofSeconds(5),
                    "INC0012345, RITM0012345, INC-12345, #12345"));

    static IssueForm form(String lifetime, String oneTime, String date, String time) {
        IssueForm form = new IssueForm();
        form.setLifetimeMinutes(lifetime);
        form.setOneTime(oneTime);
        form.setStartDate(date);
        form.setStartTime(time);
        return form;
    }

    record Parsed(PassRequest request, Errors errors) {
    }

    Parsed parse(IssueForm form) {
        var errors = new BeanPropertyBindingResult(form, "issueForm");
        return new Parsed(parser.parse(form, AMSTERDAM, null, errors), errors);
    }

    /**
     * Walk of #16: a textarea's 500 characters with line breaks arrive as more (the browser sends CRLF) and a tab
     * refused a reason with "at most 500 characters": a line break counts once, a tab is a space, other control
     * characters are still refused.
     */
    @Test
    void aReasonCountsALineBreakOnceTakesATabAndRefusesOtherControlCharacters() {
        String typed = "a".repeat(249) + "\r\n" + "b".repeat(249);
        assertThat(parser.reason(typed)).hasSize(499).contains("\n").doesNotContain("\r");
        assertThat(parser.reason("Lost\tphone")).isEqualTo("Lost phone");
        assertThat(parser.reason("a".repeat(501))).isNull();
        assertThat(parser.reason("Lost\u0000phone")).isNull();
        assertThat(parser.reason("  ")).isNull();
    }

    @Test
    void startInTheOperatorsZoneBecomesUtc() {
        var parsed = parse(form("120", "true", "2026-03-21", "09:30"));

        assertThat(parsed.request()).isEqualTo(new PassRequest(120, true, Instant.parse("2026-03-21T08:30:00Z")));
    }

    @Test
    void noStartMeansNowAndAnUncheckedBoxMeansMultiUse() {
        assertThat(parse(form(" 60 ", null, "", "")).request()).isEqualTo(new PassRequest(60, false, null));
    }

    @Test
    void lifetimeMustBeWholeMinutesWithinGraphsAbsoluteBounds() {
        for (String bad : new String[]{"", "sixty", "60.5", "-60", "1e3", "0x3C", "9999999"}) {
            var parsed = parse(form(bad, "true", "", ""));
            assertThat(parsed.request()).as(bad).isNull();
            assertThat(parsed.errors().getFieldError("lifetimeMinutes")).as(bad).isNotNull();
        }
        assertThat(parse(form("9", "true", "", "")).errors().getFieldError("lifetimeMinutes").getCode())
                .isEqualTo("issue.error.lifetime.range");
        assertThat(parse(form("43201", "true", "", "")).request()).isNull();
        assertThat(parse(form("43200", "true", "", "")).request()).isNotNull();
    }

    @Test
    void theCheckboxIsTrueOrAbsent() {
        for (String bad : new String[]{"yes", "on", "TRUE", "1", "false", ""}) {
            assertThat(parse(form("60", bad, "", "")).errors().getFieldError("oneTime")).as(bad).isNotNull();
        }
    }

    @Test
    void datesAreParsedStrictly() {
        assertThat(parse(form("60", "true", "2026-02-30", "09:00")).errors().getFieldError("startDate").getCode())
                .isEqualTo("issue.error.start.format");
        assertThat(parse(form("60", "true", "2026-03-21", "9:00")).request()).isNull();
        assertThat(parse(form("60", "true", "2026-03-21", "24:00")).request()).isNull();
        assertThat(parse(form("60", "true", "2026-03-21", "")).errors().getFieldError("startTime").getCode())
                .isEqualTo("issue.error.start.both");
        assertThat(parse(form("60", "true", "", "09:00")).errors().getFieldError("startDate").getCode())
                .isEqualTo("issue.error.start.both");
    }

    @Test
    void aStartInThePastOrInTheSpringGapIsRefused() {
        assertThat(parse(form("60", "true", "2026-03-20", "10:59")).errors().getFieldError("startDate").getCode())
                .isEqualTo("issue.error.start.past");
        // 29 March 2026, 02:30 does not exist in Amsterdam: clocks jump from 02:00 to 03:00
        assertThat(parse(form("60", "true", "2026-03-29", "02:30")).errors().getFieldError("startTime").getCode())
                .isEqualTo("issue.error.start.gap");
    }

    @Test
    void anAmbiguousAutumnTimeTakesTheEarlierOffset() {
        // 25 October 2026, 02:30 happens twice in Amsterdam; the first is 00:30 UTC
        assertThat(parse(form("60", "true", "2026-10-25", "02:30")).request().start())
                .isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    }

    @Test
    void theTicketIsRequiredAndStrict() {
        IssueForm form = form("60", "true", "", "");
        form.setTicket(" INC-12345 ");
        var errors = new BeanPropertyBindingResult(form, "issueForm");
        assertThat(parser.ticket(form, errors)).isEqualTo("INC-12345");
        assertThat(errors.hasErrors()).isFalse();

        for (String bad : new String[]{"", "12345", "INC-1; DROP", "INC-1\nINC-2"}) {
            form.setTicket(bad);
            var e = new BeanPropertyBindingResult(form, "issueForm");
            assertThat(parser.ticket(form, e)).as(bad).isNull();
            assertThat(e.getFieldError("ticket")).as(bad).isNotNull();
        }
    }
}
