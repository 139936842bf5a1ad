package tapdesk.demo.graph;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the stand-in "sent": every mail (app-only from a sender mailbox, or delegated from the signed-in operator's
 * own) and every Teams chat message, in the order Graph accepted them. Tests read it; the demo prints nothing of it.
 */
public final class StandInOutbox {

    public enum Channel { MAIL, CHAT }

    /**
     * One message as Graph accepted it.
     *
     * @param from    the mailbox or account it was sent as (object id or address, as the request named it)
     * @param to      recipients' addresses (mail) or the chat members' object ids (chat)
     * @param body    the body as sent (HTML or text)
     */
    public record Sent(Channel channel, String from, List<String> to, String subject, String body, Instant at) {

        public Sent {
            to = List.copyOf(to);
        }

        /** Subject and body together: what a reader of the message sees. */
        public String text() {
            return (subject == null ? "" : subject) + "\n" + (body == null ? "" : body);
        }
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    public void add(Sent message) {
        sent.add(message);
    }

    /** Everything sent since the last reset, oldest first. */
    public List<Sent> all() {
        return List.copyOf(sent);
    }

    public List<Sent> to(String recipient) {
        return sent.stream().filter(s -> s.to().stream().anyMatch(recipient::equalsIgnoreCase)).toList();
    }

    void clear() {
        sent.clear();
    }
}
