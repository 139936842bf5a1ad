package io.tapdesk.directory;

/** Whom the agent can ask to confirm the caller. A user or an organisational contact. */
public record Manager(String displayName, String mail) {
}
