package io.tapdesk.users;

import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Entra object ids are GUIDs; anything else in a URL is a page that does not exist. */
public final class UserIds {

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");

    private UserIds() {
    }

    public static String require(String id) {
        if (id == null || !GUID.matcher(id).matches()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return id.toLowerCase(java.util.Locale.ROOT);
    }
}
