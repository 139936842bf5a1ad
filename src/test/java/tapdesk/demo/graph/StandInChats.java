package tapdesk.demo.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.http.Request;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople.Person;
import tapdesk.demo.graph.GraphAnswers.Answer;
import tapdesk.demo.graph.GraphAnswers.Ids;
import tools.jackson.databind.JsonNode;

/**
 * The stand-in's Teams chats and the signed-in user's own mail, for "ask the manager" (issue 17), as Graph answers
 * them, delegated only:
 * <ul>
 *   <li>{@code POST /chats} (a oneOnOne chat whose two members are bound by {@code user@odata.bind}, one of them the
 *       caller): 201 with the chat; 403 when the caller or the other member has no Teams ({@link StandInState#teams});</li>
 *   <li>{@code POST /chats/{id}/messages}: 201 with the chatMessage, recorded in the outbox as CHAT from the caller's
 *       {@code oid} to the other member's id;</li>
 *   <li>{@code POST /me/sendMail}: 202 without a body, recorded as MAIL from the caller's address.</li>
 * </ul>
 * App-only tokens are refused here (403): TapDesk sends these as the operator.
 */
final class StandInChats {

    private static final Pattern MESSAGES = Pattern.compile("^/chats/([^/]+)/messages$");
    private static final Pattern BIND = Pattern.compile(".*/users\\('([^']+)'\\)$");

    private StandInChats() {
    }

    /** Graph's answer for these paths, or null when the path is another's. */
    static Answer route(StandInState state, String root, Request request, String path, Caller caller, Ids ids) {
        String method = request.getMethod().getName();
        boolean chats = path.equals("/chats") && method.equals("POST");
        Matcher messages = MESSAGES.matcher(path);
        boolean message = messages.matches() && method.equals("POST");
        boolean mail = path.equals("/me/sendMail") && method.equals("POST");
        if (!chats && !message && !mail) {
            return null;
        }
        if (caller.appOnly()) {
            return GraphAnswers.error(403, "Forbidden", "This API is not supported for application permissions here.", ids);
        }
        JsonNode body;
        try {
            body = GraphAnswers.JSON.readTree(request.getBodyAsString());
        } catch (RuntimeException notJson) {
            return GraphAnswers.error(400, "BadRequest", "Invalid request body.", ids);
        }
        if (chats) {
            return createChat(state, root, body, caller, ids);
        }
        if (message) {
            // path segments arrive percent-encoded (19%3A…%40unq.gbl.spaces)
            return send(state, root, java.net.URLDecoder.decode(messages.group(1), java.nio.charset.StandardCharsets.UTF_8),
                    body, caller, ids);
        }
        return sendMail(state, body, caller, ids);
    }

    private static Answer createChat(StandInState state, String root, JsonNode body, Caller caller, Ids ids) {
        if (!"oneOnOne".equals(text(body, "chatType")) || !body.has("members") || body.get("members").size() != 2) {
            return GraphAnswers.error(400, "BadRequest", "A oneOnOne chat needs exactly two members.", ids);
        }
        List<String> members = new ArrayList<>();
        for (JsonNode member : body.get("members")) {
            Matcher bind = BIND.matcher(text(member, "user@odata.bind"));
            if (!bind.matches() || state.person(bind.group(1)).isEmpty()) {
                return GraphAnswers.error(400, "BadRequest", "Invalid user@odata.bind.", ids);
            }
            members.add(bind.group(1));
        }
        if (members.stream().noneMatch(caller.objectId()::equalsIgnoreCase)) {
            return GraphAnswers.error(403, "Forbidden", "The caller must be a member of the chat.", ids);
        }
        if (!members.stream().allMatch(state::hasTeams)) {
            // no Teams licence (or Teams switched off) for one of the two, as Graph answers it
            return GraphAnswers.error(403, "Forbidden", "Failed to create the chat: a member does not have a Teams license.", ids);
        }
        String id = "19:" + String.join("_", members.stream().sorted().toList()) + "@unq.gbl.spaces";
        state.chats().put(id, List.copyOf(members));
        Map<String, Object> chat = new LinkedHashMap<>();
        chat.put("@odata.context", root + "/$metadata#chats/$entity");
        chat.put("id", id);
        chat.put("topic", null);
        chat.put("createdDateTime", GraphAnswers.date(state.now()));
        chat.put("lastUpdatedDateTime", GraphAnswers.date(state.now()));
        chat.put("chatType", "oneOnOne");
        chat.put("webUrl", "https://teams.microsoft.com/l/chat/" + id + "/0");
        chat.put("tenantId", DemoOperators.TENANT_ID);
        return new Answer(201, chat, null, false);
    }

    private static Answer send(StandInState state, String root, String chatId, JsonNode body, Caller caller, Ids ids) {
        List<String> members = state.chats().get(chatId);
        if (members == null || members.stream().noneMatch(caller.objectId()::equalsIgnoreCase)) {
            return GraphAnswers.error(404, "NotFound", "Chat not found.", ids);
        }
        JsonNode content = body.get("body");
        String html = content == null ? "" : text(content, "content");
        List<String> to = members.stream().filter(m -> !m.equalsIgnoreCase(caller.objectId())).toList();
        state.outbox().add(new StandInOutbox.Sent(StandInOutbox.Channel.CHAT, caller.objectId(), to, null, html, state.now()));
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("@odata.context", root + "/$metadata#chats('" + chatId + "')/messages/$entity");
        sent.put("id", Long.toString(state.now().toEpochMilli()));
        sent.put("messageType", "message");
        sent.put("createdDateTime", GraphAnswers.date(state.now()));
        sent.put("chatId", chatId);
        sent.put("from", Map.of("user", Map.of("id", caller.objectId(), "userIdentityType", "aadUser")));
        sent.put("body", Map.of("contentType", content == null ? "text" : text(content, "contentType"), "content", html));
        return new Answer(201, sent, null, false);
    }

    private static Answer sendMail(StandInState state, JsonNode body, Caller caller, Ids ids) {
        // the SDK names the action's parameters as Graph's metadata does (Message, SaveToSentItems); Graph takes either
        JsonNode message = body.has("message") ? body.get("message") : body.get("Message");
        if (message == null || !message.has("toRecipients") || message.get("toRecipients").isEmpty()) {
            return GraphAnswers.error(400, "ErrorInvalidRecipients", "At least one recipient is not valid.", ids);
        }
        List<String> to = new ArrayList<>();
        for (JsonNode recipient : message.get("toRecipients")) {
            to.add(text(recipient.path("emailAddress"), "address"));
        }
        String from = state.person(caller.objectId()).map(Person::mail).orElse(caller.objectId());
        JsonNode content = message.get("body");
        state.outbox().add(new StandInOutbox.Sent(StandInOutbox.Channel.MAIL, from, to, text(message, "subject"),
                content == null ? "" : text(content, "content"), state.now()));
        return new Answer(202, null, null, false);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }
}
