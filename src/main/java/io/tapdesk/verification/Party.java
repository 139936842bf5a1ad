package io.tapdesk.verification;

/**
 * Someone an incident names: the manager who reported it, the person it is about, the operator who asked, an Admin who
 * lifted the fence. {@code id} is the Entra object id, {@code upn} the user principal name, {@code name} the display name;
 * only the id is required.
 */
public record Party(String id, String upn, String name) {

    public Party {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an incident's party needs an object id");
        }
    }

    /** How pages and messages name them: the display name, else the user name, else the id. */
    public String label() {
        if (name != null && !name.isBlank()) {
            return upn == null || upn.isBlank() ? name : name + " (" + upn + ")";
        }
        return upn != null && !upn.isBlank() ? upn : id;
    }
}
