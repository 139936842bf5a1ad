package io.tapdesk.directory;

/**
 * A directory role a person may activate through PIM.
 *
 * @param roleDefinitionId the role's definition (template) id
 * @param displayName      its name, or the id when Graph did not name it
 * @param directoryScopeId {@code /} for the whole tenant, else an administrative unit or object
 */
public record EligibleRole(String roleDefinitionId, String displayName, String directoryScopeId) {
}
