package io.tapdesk.directory;

/**
 * Whom the agent can ask to confirm the caller: a user or an organisational contact, as Graph's {@code manager}
 * answers.
 *
 * @param id          the directory object id (a user's {@code oid} when {@code user})
 * @param displayName the name shown on the card
 * @param mail        the e-mail address, or null
 * @param user        true for a user of the tenant; false for an organisational contact or another object, who
 *                    cannot sign in to confirm anything
 */
public record Manager(String id, String displayName, String mail, boolean user) {

    /** Whether TapDesk can ask this manager to confirm: only a user of the tenant signs in. */
    public boolean askable() {
        return user && id != null && !id.isBlank();
    }
}
