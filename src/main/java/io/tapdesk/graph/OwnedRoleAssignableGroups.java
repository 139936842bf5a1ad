package io.tapdesk.graph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tapdesk.directory.Membership;
import org.springframework.stereotype.Component;

/**
 * The role-assignable groups a person owns, read app-only: the app-only answer to "List ownedObjects", which has no
 * application permission (docs/graph.md §11). Lists the tenant's role-assignable groups
 * ({@link GraphGateway#roleAssignableGroupsAppOnly()}), then each group's owners
 * ({@link GraphGateway#groupOwnerIdsAppOnly(String)}); the person owns the groups whose owners include their id.
 * <p>
 * The group list is kept for {@link #LIST_TTL} (Entra allows at most 500 role-assignable groups per tenant, and a
 * group can only be made role-assignable when it is created); a failed list is not kept. Owners are read fresh every
 * time: an owner added a minute ago can already change the group's members.
 */
@Component
public class OwnedRoleAssignableGroups {

    /** How long a read of the tenant's role-assignable groups is used. */
    static final Duration LIST_TTL = Duration.ofMinutes(1);
    private static final String KEY = "role-assignable";

    private final GraphGateway graph;
    private final Cache<String, List<Membership>> groups =
            Caffeine.newBuilder().maximumSize(1).expireAfterWrite(LIST_TTL).build();

    OwnedRoleAssignableGroups(GraphGateway graph) {
        this.graph = graph;
    }

    /**
     * The role-assignable groups {@code userId} owns, in the shape of {@link GraphGateway#ownedGroups}: each a
     * {@link Membership.Type#GROUP} with {@code roleAssignable} true. Runs on the caller's thread, under its read
     * deadline ({@link GraphGateway#before}).
     *
     * @param userId the person's object id
     * @throws GraphFailure when the list or any group's owners cannot be read completely (the caller fails closed)
     */
    public List<Membership> of(String userId) {
        // concurrent cards share one list read
        List<Membership> all = groups.get(KEY, key -> graph.roleAssignableGroupsAppOnly());
        List<Membership> owned = new ArrayList<>();
        for (Membership group : all) {
            if (graph.groupOwnerIdsAppOnly(group.id()).stream().anyMatch(userId::equalsIgnoreCase)) {
                owned.add(group);
            }
        }
        return owned;
    }

    /** Forgets the kept group list: the next read lists the groups again. */
    public void forget() {
        groups.invalidateAll();
    }
}
