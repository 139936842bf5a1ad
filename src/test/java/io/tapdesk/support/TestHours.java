package io.tapdesk.support;

import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Business hours around the clock, for every test that boots TapDesk: the demo's hours (Mon–Fri 07–19 Amsterdam)
 * would turn an issue into an approval request at night or at the weekend, so the time of day would decide the test.
 * ApprovalRulesTest covers the hours themselves.
 */
public final class TestHours {

    public static final Map<String, String> AROUND_THE_CLOCK = Map.of(
            "tapdesk.approval.business-days", "MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY",
            "tapdesk.approval.business-start", "00:00",
            "tapdesk.approval.business-end", "00:00");

    private TestHours() {
    }

    public static void aroundTheClock(DynamicPropertyRegistry registry) {
        AROUND_THE_CLOCK.forEach((key, value) -> registry.add(key, () -> value));
    }
}
