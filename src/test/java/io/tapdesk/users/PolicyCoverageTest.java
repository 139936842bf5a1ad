package io.tapdesk.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.tapdesk.directory.Membership;
import io.tapdesk.directory.TapPolicy;
import io.tapdesk.web.Problem;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Whether the tenant's pass policy targets a person, from its include and exclude targets and the person's groups
 * (issue #13: the card says "cannot" before the agent types, instead of Graph making a pass that does not work).
 */
class PolicyCoverageTest {

    static final String PERSON = "5E1F0C2A-7D3B-4C8E-9A61-000000000018";
    static final String CONTRACTORS = "9b2d7c1e-0000-4000-8000-000000000003";
    static final String SALES = "9b2d7c1e-0000-4000-8000-000000000010";
    static final Part<List<Membership>> IN_CONTRACTORS = Part.of(List.of(
            new Membership(Membership.Type.GROUP, CONTRACTORS.toUpperCase(), "Contractors", false),
            new Membership(Membership.Type.DIRECTORY_ROLE, "62e90394-69f5-4237-9190-012177145e10", "Global Administrator", false)));
    static final Part<List<Membership>> UNREAD = Part.failed(new Problem(HttpStatus.NOT_FOUND, "gone", "", "", "", ""));

    static TapPolicy policy(List<String> include, List<String> exclude) {
        return new TapPolicy(true, 60, 60, 480, 8, false, include, exclude);
    }

    @Test
    void allUsersWithoutExclusionsCoversEveryone() {
        assertThat(PolicyCoverage.of(policy(List.of("all_users"), List.of()), PERSON, IN_CONTRACTORS))
                .isEqualTo(PolicyCoverage.COVERED);
        // nothing to look up: the groups do not matter
        assertThat(PolicyCoverage.of(policy(List.of("all_users"), List.of()), PERSON, UNREAD))
                .isEqualTo(PolicyCoverage.COVERED);
    }

    @Test
    void anExcludedGroupOfThePersonExcludesThem() {
        assertThat(PolicyCoverage.of(policy(List.of("all_users"), List.of(CONTRACTORS)), PERSON, IN_CONTRACTORS))
                .isEqualTo(PolicyCoverage.EXCLUDED);
        assertThat(PolicyCoverage.of(policy(List.of("all_users"), List.of(SALES)), PERSON, IN_CONTRACTORS))
                .isEqualTo(PolicyCoverage.COVERED);
    }

    @Test
    void thePersonExcludedByNameIsExcludedEvenWhenTheirGroupsCannotBeRead() {
        assertThat(PolicyCoverage.of(policy(List.of("all_users"), List.of(PERSON.toLowerCase())), PERSON, UNREAD))
                .isEqualTo(PolicyCoverage.EXCLUDED);
    }

    @Test
    void onlyIncludedPeopleAndGroupsAreCovered() {
        assertThat(PolicyCoverage.of(policy(List.of(SALES), List.of()), PERSON, IN_CONTRACTORS))
                .isEqualTo(PolicyCoverage.NOT_INCLUDED);
        assertThat(PolicyCoverage.of(policy(List.of(CONTRACTORS), List.of()), PERSON, IN_CONTRACTORS))
                .isEqualTo(PolicyCoverage.COVERED);
        assertThat(PolicyCoverage.of(policy(List.of(PERSON), List.of()), PERSON, Part.of(List.of())))
                .isEqualTo(PolicyCoverage.COVERED);
        assertThat(PolicyCoverage.of(policy(List.of(), List.of()), PERSON, Part.of(List.of())))
                .isEqualTo(PolicyCoverage.NOT_INCLUDED);
    }

    @Test
    void groupTargetsCannotBeJudgedWithoutTheGroups() {
        assertThat(PolicyCoverage.of(policy(List.of("all_users"), List.of(CONTRACTORS)), PERSON, UNREAD))
                .isEqualTo(PolicyCoverage.UNKNOWN);
        assertThat(PolicyCoverage.of(policy(List.of(SALES), List.of()), PERSON, UNREAD))
                .isEqualTo(PolicyCoverage.UNKNOWN);
        assertThat(PolicyCoverage.of(null, PERSON, IN_CONTRACTORS)).isEqualTo(PolicyCoverage.UNKNOWN);
    }
}
