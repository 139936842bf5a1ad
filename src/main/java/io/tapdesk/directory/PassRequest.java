package io.tapdesk.directory;

import java.time.Instant;

/**
 * What the operator asked for, already validated.
 *
 * @param start null means "now" (the field is left out, which avoids clock-skew errors)
 */
public record PassRequest(int lifetimeMinutes, boolean usableOnce, Instant start) {
}
