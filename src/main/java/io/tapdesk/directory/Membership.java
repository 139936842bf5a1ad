package io.tapdesk.directory;

/** One entry of a person's transitive memberships: an active directory role or a group. */
public record Membership(Type type, String id, String displayName, boolean roleAssignable) {

    public enum Type { DIRECTORY_ROLE, GROUP, OTHER }
}
