package io.tapdesk.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until a test moves it: time rules are tested at chosen instants, without waiting. */
public final class SettableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private SettableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    public static SettableClock at(Instant start) {
        return new SettableClock(new AtomicReference<>(start), ZoneOffset.UTC);
    }

    public static SettableClock at(String instant) {
        return at(Instant.parse(instant));
    }

    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same moving instant, seen in another zone. */
    @Override
    public Clock withZone(ZoneId other) {
        return new SettableClock(now, other);
    }
}
