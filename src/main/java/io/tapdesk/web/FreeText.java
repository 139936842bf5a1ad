package io.tapdesk.web;

/**
 * Free text as a person typed it into a textarea (a caller check's note, a revoke's or a decision's reason): stripped,
 * each line break one character (a browser sends CRLF, so a textarea's 500 characters arrived as more), a tab as a
 * space. Other control characters stay, for the caller to refuse ({@link #hasControl}).
 */
public final class FreeText {

    private FreeText() {
    }

    /** The text normalised as above; "" for null. */
    public static String of(String raw) {
        return raw == null ? "" : raw.replace("\r\n", "\n").replace('\r', '\n').replace('\t', ' ').strip();
    }

    /** Whether normalised text holds a control character other than a line break. */
    public static boolean hasControl(String text) {
        return text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n');
    }
}
