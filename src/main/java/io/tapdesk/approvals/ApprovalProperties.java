package io.tapdesk.approvals;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which requests need a second person, for every requester (Admins included).
 *
 * @param multiUse         multi-use passes need approval
 * @param lifetimeAbove    passes longer than this many minutes need approval
 * @param privilegedTarget passes for privileged people need approval
 * @param businessDays     days that count as business days
 * @param businessStart    business hours start (in {@code businessZone})
 * @param businessEnd      business hours end; a request outside the hours needs approval (start == end: all day)
 * @param businessZone     the time zone of the business hours
 * @param issueWithin      an approved request must be issued within this long, else it expires
 * @param pollEvery        how often an open request's page asks whether it was decided (it never extends the sign-in)
 */
@Validated
@ConfigurationProperties("tapdesk.approval")
public record ApprovalProperties(
        @DefaultValue("true") boolean multiUse,
        @DefaultValue("240") int lifetimeAbove,
        @DefaultValue("true") boolean privilegedTarget,
        @NotNull @DefaultValue({"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"}) Set<DayOfWeek> businessDays,
        @NotNull @DefaultValue("07:00") LocalTime businessStart,
        @NotNull @DefaultValue("19:00") LocalTime businessEnd,
        @NotNull @DefaultValue("UTC") ZoneId businessZone,
        @NotNull @DefaultValue("4h") Duration issueWithin,
        @NotNull @DefaultValue("10s") Duration pollEvery) {
}
