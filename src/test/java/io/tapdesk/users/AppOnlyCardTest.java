package io.tapdesk.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import io.tapdesk.security.Operator;
import io.tapdesk.support.StackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.graph.StandInState.Read;

/**
 * The card read app-only ({@link CardReader#readAppOnly}), as a pickup or the new-hires batch reads a person with no
 * operator present: "List ownedObjects" has no application permission (the stand-in refuses it app-only, as Graph
 * does), so the groups a person owns come from the role-assignable groups' owners (docs/graph.md §11). An ordinary
 * person is not privileged and nothing is unread; an owner of a role-assignable group is privileged with the group
 * named; an owners read that fails leaves privilege unknown; the group list and the owners are read page by page.
 */
class AppOnlyCardTest extends StackTest {

    /** The operator who asked for the pass, as a hand-over stores them. */
    static final Operator STORED = new Operator("5e1f0c2a-7d3b-4c8e-9a61-000000000021", "Adam Admin", "admin@contoso.test",
            Set.of("TapDesk.Admin"), Set.of());

    @Autowired
    CardReader cards;

    @Test
    void anOrdinaryPersonIsNotPrivilegedAndNothingIsUnread() {
        var facts = cards.readAppOnly(DemoPeople.ADELE.id(), STORED);

        assertThat(facts.privilege().unread()).isEmpty();
        assertThat(facts.privilege().countsAsPrivileged()).isFalse();
        assertThat(facts.user().id()).isEqualTo(DemoPeople.ADELE.id());
        // the tenant policy was read app-only too: the card knows whether the policy covers the person
        assertThat(facts.policy().known()).isTrue();
        // nothing went with an operator's token, and ownedObjects was not asked (it cannot be answered app-only)
        assertThat(calls(Read.OWNED_OBJECTS)).isEmpty();
        assertThat(calls(Read.GROUP_OWNERS)).isNotEmpty()
                .allMatch(caller -> caller.appOnly());
        assertThat(calls(Read.ROLE_ASSIGNABLE_GROUPS)).isNotEmpty()
                .allMatch(caller -> caller.appOnly());
    }

    @Test
    void anOwnerOfARoleAssignableGroupIsPrivilegedWithTheGroupNamed() {
        var privilege = cards.readAppOnly(DemoPeople.ENRICO.id(), STORED).privilege();

        assertThat(privilege.unread()).isEmpty();
        assertThat(privilege.ownerOf()).containsExactly("Tier-0 Helpers");
        assertThat(privilege.privileged()).isTrue();
        assertThat(privilege.unknown()).isFalse();
    }

    @Test
    void theGroupListAndTheOwnersAreReadPageByPage() {
        // pages of one: Tier-0 Helpers is the list's second page, Enrico the second page of its owners
        STACK.graph().state().pageSize(1);

        var privilege = cards.readAppOnly(DemoPeople.ENRICO.id(), STORED).privilege();

        assertThat(privilege.unread()).isEmpty();
        assertThat(privilege.ownerOf()).containsExactly("Tier-0 Helpers");
        assertThat(calls(Read.ROLE_ASSIGNABLE_GROUPS)).hasSize(2);
        // Tier-1: one page (its automation); Tier-0: two pages (the automation, then Enrico)
        assertThat(calls(Read.GROUP_OWNERS)).hasSize(3);
    }

    @Test
    void anOwnersReadThatFailsLeavesPrivilegeUnknown() {
        STACK.graph().state().fail(Read.GROUP_OWNERS, 503);

        var privilege = cards.readAppOnly(DemoPeople.ADELE.id(), STORED).privilege();

        assertThat(privilege.unread()).extracting(Privilege.Unread::read).containsExactly(Privilege.Read.OWNED_GROUPS);
        assertThat(privilege.unknown()).isTrue();
        assertThat(privilege.countsAsPrivileged()).isTrue();
        // it was the owners read that failed, not a refused ownedObjects
        assertThat(calls(Read.GROUP_OWNERS)).isNotEmpty();
        assertThat(calls(Read.OWNED_OBJECTS)).isEmpty();
    }

    @Test
    void theGroupListIsKeptAWhileTheOwnersAreReadEachTime() {
        cards.readAppOnly(DemoPeople.ADELE.id(), STORED);
        cards.readAppOnly(DemoPeople.ENRICO.id(), STORED);

        assertThat(calls(Read.ROLE_ASSIGNABLE_GROUPS)).hasSize(1);
        // two groups, one page each, for each of the two cards
        assertThat(calls(Read.GROUP_OWNERS)).hasSize(4);
    }

    @Test
    void aGroupListThatFailsLeavesPrivilegeUnknownAndIsNotKept() {
        STACK.graph().state().fail(Read.ROLE_ASSIGNABLE_GROUPS, 403);

        assertThat(cards.readAppOnly(DemoPeople.ENRICO.id(), STORED).privilege().unread())
                .extracting(Privilege.Unread::read).containsExactly(Privilege.Read.OWNED_GROUPS);

        // a failed list is not kept: once Graph answers, the next read finds the group
        STACK.graph().state().reset();
        assertThat(cards.readAppOnly(DemoPeople.ENRICO.id(), STORED).privilege().ownerOf()).containsExactly("Tier-0 Helpers");
    }

    private static java.util.List<tapdesk.demo.graph.StandInState.ReadCaller> calls(Read read) {
        return STACK.graph().state().readCallers().stream().filter(c -> c.read() == read).toList();
    }
}
