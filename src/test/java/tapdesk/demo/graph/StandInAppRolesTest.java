package tapdesk.demo.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.idp.DemoIdentityProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stand-in checks an app-only token's {@code roles} per endpoint as Graph checks application permissions
 * (issue 19, docs/graph.md §4): only an app holding a pass write permission creates a pass (the main app-only
 * registration is refused with Graph's 403), the pickup's registration reaches the pass endpoints and nothing else,
 * and a read without its application permission is a 403 too. Delegated tokens are untouched (StandInScopesTest).
 */
class StandInAppRolesTest {

    static final String PASSES = "/users/" + DemoPeople.ADELE.id() + "/authentication/temporaryAccessPassMethods";
    static final String CREATE = "{\"lifetimeInMinutes\":60,\"isUsableOnce\":true}";
    static final List<String> PICKUP = List.of(DemoIdentityProvider.PICKUP_ROLE);

    static GraphStandIn graph;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        graph = GraphStandIn.start(0);
    }

    @AfterAll
    static void stop() {
        graph.close();
    }

    @BeforeEach
    void reset() {
        graph.state().reset();
    }

    /** An Entra-shaped app-only access token of {@code app} with application permissions {@code roles}. */
    static String token(String app, List<String> roles) {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        String claims = "{\"idtyp\":\"app\",\"azp\":\"" + app + "\",\"appid\":\"" + app + "\",\"roles\":["
                + roles.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(",")) + "]}";
        return encoder.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    HttpResponse<String> call(String method, String path, String app, List<String> roles, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(graph.baseUrl() + path))
                .header("Authorization", "Bearer " + token(app, roles)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode error(HttpResponse<String> response) {
        return JsonMapper.builder().build().readTree(response.body()).get("error");
    }

    @Test
    void theMainAppOnlyRegistrationCannotCreateAPass() throws Exception {
        var refused = call("POST", PASSES, DemoIdentityProvider.CLIENT_ID, DemoIdentityProvider.APP_ONLY_ROLES, CREATE);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(error(refused).get("code").asString()).isEqualTo("Authorization_RequestDenied");
        assertThat(error(refused).get("message").asString()).isEqualTo("Insufficient privileges to complete the operation.");
        assertThat(error(refused).get("innerError").get("request-id").asString()).matches("[0-9a-f-]{36}");
        assertThat(graph.state().pass(DemoPeople.ADELE.id())).isEmpty();
        // the broad permission is accepted as Graph accepts it
        assertThat(call("POST", PASSES, "other", List.of("UserAuthenticationMethod.ReadWrite.All"), CREATE).statusCode()).isEqualTo(201);
    }

    @Test
    void thePickupRegistrationListsAndCreatesPasses() throws Exception {
        var created = call("POST", PASSES, DemoIdentityProvider.PICKUP_CLIENT_ID, PICKUP, CREATE);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(graph.state().pass(DemoPeople.ADELE.id())).isPresent();
        assertThat(call("GET", PASSES, DemoIdentityProvider.PICKUP_CLIENT_ID, PICKUP, null).statusCode()).isEqualTo(200);
    }

    @Test
    void thePickupRegistrationReadsNothingElse() throws Exception {
        String person = "/users/" + DemoPeople.ADELE.id();
        for (String path : List.of(person, person + "/manager", person + "/transitiveMemberOf",
                person + "/authentication/methods", "/users?$filter=startswith(displayName,'A')",
                "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass",
                "/roleManagement/directory/roleEligibilityScheduleInstances?$filter=principalId%20eq%20'" + DemoPeople.ADELE.id() + "'")) {
            var refused = call("GET", path, DemoIdentityProvider.PICKUP_CLIENT_ID, PICKUP, null);
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(error(refused).get("code").asString()).as(path).isEqualTo("Authorization_RequestDenied");
        }
    }

    @Test
    void theMainAppOnlyRegistrationReadsWhatItIsGranted() throws Exception {
        String person = "/users/" + DemoPeople.ADELE.id();
        for (String path : List.of(person, person + "/transitiveMemberOf", person + "/authentication/methods", PASSES,
                "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass",
                "/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances?$filter=principalId%20eq%20'"
                        + DemoPeople.ADELE.id() + "'")) {
            assertThat(call("GET", path, DemoIdentityProvider.CLIENT_ID, DemoIdentityProvider.APP_ONLY_ROLES, null).statusCode())
                    .as(path).isEqualTo(200);
        }
    }

    @Test
    void aReadWithoutItsApplicationPermissionIsRefused() throws Exception {
        String person = "/users/" + DemoPeople.ADELE.id();

        var groups = call("GET", person + "/transitiveMemberOf", "reader", List.of("User.Read.All"), null);
        var methods = call("GET", person + "/authentication/methods", "reader", List.of("User.Read.All"), null);
        // List ownedObjects has no application permission at all
        var owned = call("GET", person + "/ownedObjects/microsoft.graph.group", "reader", List.of("User.Read.All", "Directory.Read.All"), null);

        assertThat(List.of(groups.statusCode(), methods.statusCode(), owned.statusCode())).containsOnly(403);
        assertThat(call("GET", person, "reader", List.of("User.Read.All"), null).statusCode()).isEqualTo(200);
    }

    static final String ROLE_ASSIGNABLE = "/groups?$filter=isAssignableToRole%20eq%20true&$select=id,displayName,isAssignableToRole&$count=true";
    static final String TIER0_OWNERS = "/groups/" + DemoPeople.TIER0_GROUP + "/owners?$select=id";

    HttpResponse<String> eventual(String path, String app, List<String> roles) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(graph.baseUrl() + path))
                .header("Authorization", "Bearer " + token(app, roles)).header("ConsistencyLevel", "eventual").GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The app-only way to the groups a person owns (docs/graph.md §11): List groups with the role-assignable filter
     * and List group owners take GroupMember.Read.All (or Group.Read.All), which the main registration holds and the
     * pickup's does not; {@code $count} needs {@code ConsistencyLevel: eventual}; the owners agree with ownedObjects.
     */
    @Test
    void theRoleAssignableGroupsAndTheirOwnersAreReadAppOnlyWithGroupMemberReadAll() throws Exception {
        var groups = eventual(ROLE_ASSIGNABLE, DemoIdentityProvider.CLIENT_ID, DemoIdentityProvider.APP_ONLY_ROLES);
        assertThat(groups.statusCode()).isEqualTo(200);
        assertThat(JsonMapper.builder().build().readTree(groups.body()).get("value").findValuesAsString("id"))
                .contains(DemoPeople.TIER0_GROUP, DemoPeople.TIER1_GROUP);
        var owners = eventual(TIER0_OWNERS, DemoIdentityProvider.CLIENT_ID, DemoIdentityProvider.APP_ONLY_ROLES);
        assertThat(owners.statusCode()).isEqualTo(200);
        assertThat(JsonMapper.builder().build().readTree(owners.body()).get("value").findValuesAsString("id"))
                .contains(DemoPeople.ENRICO.id());
        assertThat(eventual(TIER0_OWNERS, "other", List.of("Group.Read.All")).statusCode()).isEqualTo(200);

        for (String path : List.of(ROLE_ASSIGNABLE, TIER0_OWNERS)) {
            assertThat(eventual(path, DemoIdentityProvider.PICKUP_CLIENT_ID, PICKUP).statusCode()).as(path).isEqualTo(403);
            assertThat(eventual(path, "reader", List.of("User.Read.All")).statusCode()).as(path).isEqualTo(403);
        }
        // an advanced query's $count without the header, and a filter the stand-in does not know, are refused
        var noHeader = call("GET", ROLE_ASSIGNABLE, DemoIdentityProvider.CLIENT_ID, DemoIdentityProvider.APP_ONLY_ROLES, null);
        assertThat(noHeader.statusCode()).isEqualTo(400);
        assertThat(error(noHeader).get("code").asString()).isEqualTo("Request_UnsupportedQuery");
        assertThat(eventual("/groups?$filter=displayName%20eq%20'x'", DemoIdentityProvider.CLIENT_ID,
                DemoIdentityProvider.APP_ONLY_ROLES).statusCode()).isEqualTo(400);
    }

    @Test
    void aPersonCanBeMadeToRefuseAppOnlyCreates() throws Exception {
        graph.state().refuseAppOnlyCreates(DemoPeople.ADELE.id());

        var refused = call("POST", PASSES, DemoIdentityProvider.PICKUP_CLIENT_ID, PICKUP, CREATE);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(error(refused).get("code").asString()).isEqualTo("accessDenied");
        assertThat(graph.state().pass(DemoPeople.ADELE.id())).isEmpty();
        // a delegated create is not affected (StandInScopesTest's token: a Privileged Authentication Administrator)
        var delegated = HttpRequest.newBuilder(URI.create(graph.baseUrl() + PASSES))
                .header("Authorization", "Bearer " + StandInScopesTest.token(StandInScopesTest.TAPDESK_SCOPES))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(CREATE)).build();
        assertThat(http.send(delegated, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
        graph.state().reset();
        assertThat(call("POST", PASSES, DemoIdentityProvider.PICKUP_CLIENT_ID, PICKUP, CREATE).statusCode()).isEqualTo(201);
    }
}
