package io.tapdesk.graph;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.tapdesk.directory.Manager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The manager's question as Graph receives it: the chat's shape, the mail fallback on 403, nothing re-sent. */
class ManagerMessagesTest {

    static final String OPERATOR = "11111111-1111-4111-8111-111111111111";
    static final Manager MANAGER = new Manager("22222222-2222-4222-8222-222222222222", "Patti Fernandez",
            "patti@contoso.test", true);
    static final ManagerMessages.Question QUESTION = new ManagerMessages.Question("Is it Adele?", "<p>code <b>482913</b></p>");

    WireMockServer wm;
    ManagerMessages messages;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        var properties = new GraphProperties(URI.create("http://127.0.0.1:" + wm.port() + "/v1.0"), Duration.ofSeconds(2),
                Duration.ofSeconds(2), 3, 25, 8, Duration.ofSeconds(5));
        messages = new ManagerMessages(new GraphClients(properties), properties,
                new org.springframework.beans.factory.support.StaticListableBeanFactory()
                        .getBeanProvider(com.azure.core.credential.TokenCredential.class));
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    @Test
    void aOneOnOneChatFromTheOperatorWithBothMembersBound() {
        wm.stubFor(post(urlPathEqualTo("/v1.0/chats")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"19:a_b@unq.gbl.spaces\",\"chatType\":\"oneOnOne\"}")));
        wm.stubFor(post(urlPathMatching("/v1.0/chats/19(:|%3A)a_b(@|%40)unq.gbl.spaces/messages")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withHeader("request-id", "rid-message").withBody("{\"id\":\"1\"}")));

        var sent = messages.send(new GraphToken("operator-token"), OPERATOR, MANAGER, QUESTION, true);

        assertThat(sent).isEqualTo(new ManagerMessages.Sent(ManagerMessages.Channel.CHAT, "rid-message"));
        String root = "http://127.0.0.1:" + wm.port() + "/v1.0";
        wm.verify(postRequestedFor(urlPathEqualTo("/v1.0/chats"))
                .withHeader("Authorization", equalTo("Bearer operator-token"))
                .withRequestBody(matchingJsonPath("$.chatType", equalTo("oneOnOne")))
                .withRequestBody(matchingJsonPath("$.members[0]['user@odata.bind']", equalTo(root + "/users('" + OPERATOR + "')")))
                .withRequestBody(matchingJsonPath("$.members[1]['user@odata.bind']", equalTo(root + "/users('" + MANAGER.id() + "')")))
                .withRequestBody(matchingJsonPath("$.members[1]['@odata.type']", equalTo("#microsoft.graph.aadUserConversationMember"))));
        wm.verify(postRequestedFor(urlPathMatching("/v1.0/chats/19(:|%3A)a_b(@|%40)unq.gbl.spaces/messages"))
                .withRequestBody(matchingJsonPath("$.body.contentType", equalTo("html")))
                .withRequestBody(matchingJsonPath("$.body.content", equalTo(QUESTION.html()))));
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/v1.0/me/sendMail")))).isEmpty();
    }

    @Test
    void teamsRefusedGoesByMailFromTheOperatorsMailbox() {
        wm.stubFor(post(urlPathEqualTo("/v1.0/chats")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"code\":\"Forbidden\",\"message\":\"no licence\"}}")));
        wm.stubFor(post(urlPathEqualTo("/v1.0/me/sendMail")).willReturn(aResponse().withStatus(202).withHeader("request-id", "rid-mail")));

        var sent = messages.send(new GraphToken("operator-token"), OPERATOR, MANAGER, QUESTION, true);

        assertThat(sent.channel()).isEqualTo(ManagerMessages.Channel.MAIL);
        wm.verify(postRequestedFor(urlPathEqualTo("/v1.0/me/sendMail"))
                .withHeader("Authorization", equalTo("Bearer operator-token"))
                .withRequestBody(equalToJson("""
                        {"Message":{"subject":"Is it Adele?","body":{"contentType":"html","content":"<p>code <b>482913</b></p>"},
                         "toRecipients":[{"emailAddress":{"address":"patti@contoso.test","name":"Patti Fernandez"}}]},
                         "SaveToSentItems":true}""", true, true)));
    }

    @Test
    void aFailureOtherThanRefusalIsNotSentAgainNorByMail() {
        wm.stubFor(post(urlPathEqualTo("/v1.0/chats")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"x\"}}")));

        GraphFailure failure = catchThrowableOfType(GraphFailure.class,
                () -> messages.send(new GraphToken("operator-token"), OPERATOR, MANAGER, QUESTION, true));

        assertThat(failure.status()).isEqualTo(503);
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/v1.0/chats")))).hasSize(1);
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/v1.0/me/sendMail")))).isEmpty();
    }

    @Test
    void mailWhenConfigured() {
        wm.stubFor(post(urlPathEqualTo("/v1.0/me/sendMail")).willReturn(aResponse().withStatus(202)));

        assertThat(messages.send(new GraphToken("t"), OPERATOR, MANAGER, QUESTION, false).channel())
                .isEqualTo(ManagerMessages.Channel.MAIL);
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/v1.0/chats")))).isEmpty();
    }
}
