package io.tapdesk.directory;

import java.util.List;

/**
 * What Privileged Identity Management says a person is eligible for (not active: eligible to activate).
 *
 * @param items       the eligibilities found (empty: none)
 * @param pimLicensed false when the tenant has no PIM licence: then nobody can be eligible, and {@code items} is empty
 */
public record Eligibilities<T>(List<T> items, boolean pimLicensed) {

    public Eligibilities {
        items = List.copyOf(items);
    }

    public static <T> Eligibilities<T> found(List<T> items) {
        return new Eligibilities<>(items, true);
    }

    public static <T> Eligibilities<T> noPimLicence() {
        return new Eligibilities<>(List.of(), false);
    }
}
