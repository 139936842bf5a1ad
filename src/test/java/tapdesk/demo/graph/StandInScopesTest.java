package tapdesk.demo.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stand-in checks the delegated token's {@code scp} per endpoint as Graph does (docs/graph.md §4): a token
 * without the methods-read permission gets Graph's 403 on the methods list, one without a pass write permission
 * creates nothing, and TapDesk's least-privilege scopes are enough for every call it makes.
 */
class StandInScopesTest {

    static final String TAPDESK_SCOPES = "User.Read.All UserAuthMethod-TAP.ReadWrite.All UserAuthenticationMethod.Read.All GroupMember.Read.All";

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

    /** An Entra-shaped delegated access token for the demo's admin (Privileged Authentication Administrator). */
    static String token(String scp) {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        String claims = "{\"oid\":\"" + DemoOperators.ADMIN.objectId() + "\",\"wids\":[\""
                + DemoOperators.PRIVILEGED_AUTHENTICATION_ADMINISTRATOR + "\"],\"scp\":\"" + scp + "\"}";
        return encoder.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    HttpResponse<String> call(String method, String path, String scp, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(graph.baseUrl() + path))
                .header("Authorization", "Bearer " + token(scp)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode error(HttpResponse<String> response) {
        return JsonMapper.builder().build().readTree(response.body()).get("error");
    }

    @Test
    void theMethodsListNeedsTheMethodsReadPermission() throws Exception {
        String path = "/users/" + DemoPeople.ADELE.id() + "/authentication/methods";

        var refused = call("GET", path, "User.Read.All UserAuthMethod-TAP.ReadWrite.All GroupMember.Read.All", null);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(error(refused).get("code").asString()).isEqualTo("accessDenied");
        assertThat(error(refused).get("message").asString()).isEqualTo("Request Authorization failed");
        assertThat(error(refused).get("innerError").get("request-id").asString()).matches("[0-9a-f-]{36}");
        assertThat(refused.headers().firstValue("request-id")).isPresent();

        assertThat(call("GET", path, TAPDESK_SCOPES, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aPassIsCreatedOnlyWithAPassWritePermission() throws Exception {
        String path = "/users/" + DemoPeople.ADELE.id() + "/authentication/temporaryAccessPassMethods";
        int before = graph.state().createAttempts(DemoPeople.ADELE.id());

        var readOnly = call("POST", path, "User.Read.All UserAuthenticationMethod.Read.All UserAuthMethod-TAP.Read.All",
                "{\"lifetimeInMinutes\":60,\"isUsableOnce\":true}");

        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertThat(error(readOnly).get("code").asString()).isEqualTo("accessDenied");
        assertThat(graph.state().createAttempts(DemoPeople.ADELE.id())).isEqualTo(before);
        // the pass list is a read: the granular pass permission covers it
        assertThat(call("GET", path, "UserAuthMethod-TAP.ReadWrite.All", null).statusCode()).isEqualTo(200);
        assertThat(call("POST", path, TAPDESK_SCOPES, "{\"lifetimeInMinutes\":60,\"isUsableOnce\":true}").statusCode())
                .isEqualTo(201);
    }

    @Test
    void theDirectoryRefusesAReadWithoutAUserOrGroupPermission() throws Exception {
        var user = call("GET", "/users/" + DemoPeople.ADELE.id(), "UserAuthenticationMethod.Read.All", null);
        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(error(user).get("code").asString()).isEqualTo("Authorization_RequestDenied");

        var groups = call("GET", "/users/" + DemoPeople.ADELE.id() + "/transitiveMemberOf", "User.Read.All", null);
        assertThat(groups.statusCode()).isEqualTo(403);
        assertThat(error(groups).get("code").asString()).isEqualTo("Authorization_RequestDenied");

        assertThat(call("GET", "/users/" + DemoPeople.ADELE.id(), TAPDESK_SCOPES, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/users/" + DemoPeople.ADELE.id() + "/transitiveMemberOf", TAPDESK_SCOPES, null).statusCode())
                .isEqualTo(200);
    }
}
