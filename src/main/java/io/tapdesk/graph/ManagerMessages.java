package io.tapdesk.graph;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.azure.core.credential.TokenCredential;
import com.microsoft.graph.models.AadUserConversationMember;
import com.microsoft.graph.models.BodyType;
import com.microsoft.graph.models.Chat;
import com.microsoft.graph.models.ChatMessage;
import com.microsoft.graph.models.ChatType;
import com.microsoft.graph.models.ConversationMember;
import com.microsoft.graph.models.EmailAddress;
import com.microsoft.graph.models.ItemBody;
import com.microsoft.graph.models.Message;
import com.microsoft.graph.models.Recipient;
import com.microsoft.graph.users.item.sendmail.SendMailPostRequestBody;
import io.tapdesk.directory.Manager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The Graph calls of the manager's confirmation (issue 17): the question goes out <b>from the operator's own
 * account</b> with their delegated token, as a Teams one-to-one chat ({@code POST /chats}, then
 * {@code POST /chats/{id}/messages}; delegated {@code Chat.Create}, {@code ChatMessage.Send}) or, when Teams refuses
 * (403: no Teams licence for the sender or the recipient) or is switched off, as an e-mail from the operator's
 * mailbox ({@code POST /me/sendMail}, delegated {@code Mail.Send}). At answer time the person's manager is read again
 * app-only ({@code GET /users/{id}/manager}, application {@code User.Read.All}), since the manager's own sign-in holds
 * no Graph token. Kept out of {@link GraphGateway}, which is long enough.
 */
@Component
public class ManagerMessages {

    /** How the question reached the manager; {@link #stored()} is the word kept in the database. */
    public enum Channel {
        CHAT, MAIL;

        public String stored() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The message to send: a subject (mail only) and an HTML body; neither holds anything secret. */
    public record Question(String subject, String html) {
    }

    /** What was sent: the channel used, and Graph's request-id of the call that sent it. */
    public record Sent(Channel channel, String requestId) {
    }

    private final GraphClients clients;
    private final GraphProperties properties;
    private final ObjectProvider<TokenCredential> appOnly;

    ManagerMessages(GraphClients clients, GraphProperties properties, ObjectProvider<TokenCredential> appOnly) {
        this.clients = clients;
        this.properties = properties;
        this.appOnly = appOnly;
    }

    /**
     * Sends {@code question} to {@code manager} from the operator ({@code operatorId}, their {@code token}): as a
     * Teams chat when {@code chatFirst}, falling back to mail when Teams answers 403; as mail otherwise.
     *
     * @throws GraphFailure when Graph refuses or fails the send (mail: also a 403 for lack of {@code Mail.Send});
     *                      a manager without an address cannot be mailed ({@code BAD_REQUEST}, code {@code noMailAddress})
     */
    public Sent send(GraphToken token, String operatorId, Manager manager, Question question, boolean chatFirst) {
        if (chatFirst) {
            try {
                return chat(token, operatorId, manager, question);
            } catch (GraphFailure failure) {
                if (failure.status() != 403) {
                    throw failure;
                }
                // Teams refused (no licence for one of the two, or chat switched off for them): the operator's mail
            }
        }
        return mail(token, manager, question);
    }

    private Sent chat(GraphToken token, String operatorId, Manager manager, Question question) {
        var chat = new Chat();
        chat.setChatType(ChatType.OneOnOne);
        chat.setMembers(List.of(member(operatorId), member(manager.id())));
        var created = call(id -> clients.forWrite(token).chats().post(chat, cfg -> configure(cfg, id)));
        String chatId = created.map(Chat::getId).filter(s -> !s.isBlank())
                .orElseThrow(() -> new GraphFailure(GraphFailure.Kind.OTHER, 201, "noChatId", "", "", null, null, null));
        var message = new ChatMessage();
        var body = new ItemBody();
        body.setContentType(BodyType.Html);
        body.setContent(question.html());
        message.setBody(body);
        CallRecord[] record = new CallRecord[1];
        call(id -> {
            record[0] = id;
            return clients.forWrite(token).chats().byChatId(chatId).messages().post(message, cfg -> configure(cfg, id));
        });
        return new Sent(Channel.CHAT, record[0].requestId());
    }

    /** A chat member by {@code user@odata.bind}, under the configured Graph root (as Graph's own examples bind). */
    private ConversationMember member(String userId) {
        var member = new AadUserConversationMember();
        member.setOdataType("#microsoft.graph.aadUserConversationMember");
        member.setRoles(List.of("owner"));
        member.setAdditionalData(Map.of("user@odata.bind",
                properties.baseUrl().toString().replaceAll("/+$", "") + "/users('" + userId + "')"));
        return member;
    }

    private Sent mail(GraphToken token, Manager manager, Question question) {
        if (manager.mail() == null || manager.mail().isBlank()) {
            throw new GraphFailure(GraphFailure.Kind.BAD_REQUEST, 0, "noMailAddress", "", "", null, null, null);
        }
        var address = new EmailAddress();
        address.setAddress(manager.mail());
        address.setName(manager.displayName());
        var recipient = new Recipient();
        recipient.setEmailAddress(address);
        var body = new ItemBody();
        body.setContentType(BodyType.Html);
        body.setContent(question.html());
        var message = new Message();
        message.setSubject(question.subject());
        message.setBody(body);
        message.setToRecipients(List.of(recipient));
        var request = new SendMailPostRequestBody();
        request.setMessage(message);
        request.setSaveToSentItems(true);
        CallRecord[] record = new CallRecord[1];
        call(id -> {
            record[0] = id;
            clients.forWrite(token).me().sendMail().post(request, cfg -> configure(cfg, id));
            return Boolean.TRUE;
        });
        return new Sent(Channel.MAIL, record[0].requestId());
    }

    /**
     * The person's manager read app-only, at answer time: empty when they have none (404). Throws {@link GraphFailure}
     * when it cannot be read, or ({@code ACCESS_DENIED}, code {@code noAppOnlyCredential}) when no app-only
     * credential is configured; the caller refuses then (fail closed).
     */
    public Optional<Manager> managerAppOnly(String userId) {
        TokenCredential credential = appOnly.getIfAvailable();
        if (credential == null) {
            throw new GraphFailure(GraphFailure.Kind.ACCESS_DENIED, 403, "noAppOnlyCredential", "", "", null, null, null);
        }
        try {
            return call(id -> clients.forCredential(credential).users().byUserId(userId).manager()
                    .get(cfg -> {
                        cfg.headers.add("client-request-id", id.clientRequestId());
                        cfg.options.add(id);
                        cfg.options.add(RetryBudget.forRead(properties));
                        // id and type are what the rule needs; the name and address for the page
                        cfg.queryParameters.select = new String[] {"id", "displayName", "mail"};
                    })).map(GraphMapping::manager);
        } catch (GraphFailure failure) {
            if (failure.kind() == GraphFailure.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    /**
     * The person's user principal name read app-only now ("Get verified": a Verified ID credential counts only for the
     * UPN the directory holds at callback time, issue 18). Empty when the person does not exist (404). Throws
     * {@link GraphFailure} when it cannot be read, or ({@code ACCESS_DENIED}, code {@code noAppOnlyCredential})
     * without an app-only credential; the caller refuses then (fail closed).
     */
    public Optional<String> userPrincipalNameAppOnly(String userId) {
        TokenCredential credential = appOnly.getIfAvailable();
        if (credential == null) {
            throw new GraphFailure(GraphFailure.Kind.ACCESS_DENIED, 403, "noAppOnlyCredential", "", "", null, null, null);
        }
        try {
            return call(id -> clients.forCredential(credential).users().byUserId(userId)
                    .get(cfg -> {
                        cfg.headers.add("client-request-id", id.clientRequestId());
                        cfg.options.add(id);
                        cfg.options.add(RetryBudget.forRead(properties));
                        cfg.queryParameters.select = new String[] {"id", "userPrincipalName"};
                    })).map(u -> u.getUserPrincipalName());
        } catch (GraphFailure failure) {
            if (failure.kind() == GraphFailure.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    private void configure(com.microsoft.kiota.BaseRequestConfiguration cfg, CallRecord record) {
        cfg.headers.add("client-request-id", record.clientRequestId());
        cfg.options.add(record);
        // a message is re-sent only after 429, which Graph answers before doing anything: never a second message
        cfg.options.add(RetryBudget.forCreate(properties));
    }

    private interface GraphCall<T> {
        T run(CallRecord record);
    }

    private static <T> Optional<T> call(GraphCall<T> graphCall) {
        CallRecord record = new CallRecord(UUID.randomUUID().toString());
        try {
            return Optional.ofNullable(graphCall.run(record));
        } catch (RuntimeException e) {
            throw GraphFailures.from(e, record);
        }
    }
}
