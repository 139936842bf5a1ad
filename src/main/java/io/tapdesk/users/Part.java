package io.tapdesk.users;

import io.tapdesk.web.Problem;

/** One part of the user card: its value, or why it could not be read (the rest of the card still renders). */
public record Part<T>(T value, Problem problem) {

    public static <T> Part<T> of(T value) {
        return new Part<>(value, null);
    }

    public static <T> Part<T> failed(Problem problem) {
        return new Part<>(null, problem);
    }

    public boolean ok() {
        return problem == null;
    }
}
