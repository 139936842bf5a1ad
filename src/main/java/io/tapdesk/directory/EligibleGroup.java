package io.tapdesk.directory;

/**
 * A group a person may become member or owner of through PIM for Groups.
 *
 * @param groupId     the group's object id
 * @param displayName its name, or the id when Graph did not name it
 * @param access      member or owner
 */
public record EligibleGroup(String groupId, String displayName, Access access) {

    public enum Access { MEMBER, OWNER }
}
