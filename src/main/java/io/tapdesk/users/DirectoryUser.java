package io.tapdesk.users;

/** A person in the directory, as the search list and the user card show them. */
public record DirectoryUser(
        String id,
        String displayName,
        String userPrincipalName,
        String mail,
        boolean accountEnabled,
        boolean guest,
        String jobTitle,
        String department) {
}
