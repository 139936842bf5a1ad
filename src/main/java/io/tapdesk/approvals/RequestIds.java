package io.tapdesk.approvals;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Request ids in URLs are positive numbers; anything else is a page that does not exist. */
public final class RequestIds {

    private RequestIds() {
    }

    public static long require(String id) {
        if (id == null || !id.matches("[1-9][0-9]{0,17}")) {
            throw notFound();
        }
        return Long.parseLong(id);
    }

    public static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
