package io.tapdesk.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;

/**
 * Declared in logback-test.xml on the root logger, so it sees every line every appender sees, including the
 * stack traces. The leak test searches it; it survives Logback resets because the lines are static.
 */
public class CapturedLogs extends AppenderBase<ILoggingEvent> {

    private static final int MAX_LINES = 200_000;
    private static final Deque<String> LINES = new ArrayDeque<>();

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        for (Object argument : event.getArgumentArray() == null ? new Object[0] : event.getArgumentArray()) {
            line.append(' ').append(argument);
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(thrown));
        }
        synchronized (LINES) {
            if (LINES.size() >= MAX_LINES) {
                LINES.removeFirst();
            }
            LINES.addLast(line.toString());
        }
    }

    public static List<String> lines() {
        synchronized (LINES) {
            return List.copyOf(LINES);
        }
    }
}
