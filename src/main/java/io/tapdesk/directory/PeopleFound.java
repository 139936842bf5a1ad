package io.tapdesk.directory;

import java.util.List;

/**
 * The people a search found.
 *
 * @param people  sorted by display name
 * @param limited the directory refused the full search ({@code $search}, an advanced query), so only names, user
 *                names and mail addresses that start with the text were matched, and the list may miss people
 */
public record PeopleFound(List<DirectoryUser> people, boolean limited) {

    public PeopleFound {
        people = List.copyOf(people);
    }
}
