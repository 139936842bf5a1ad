package io.tapdesk.graph;

import java.util.List;
import java.util.UUID;

import com.azure.core.credential.TokenCredential;
import com.microsoft.graph.models.BodyType;
import com.microsoft.graph.models.EmailAddress;
import com.microsoft.graph.models.ItemBody;
import com.microsoft.graph.models.Message;
import com.microsoft.graph.models.Recipient;
import com.microsoft.graph.users.item.sendmail.SendMailPostRequestBody;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Mail sent app-only from one mailbox: {@code POST /users/{sender}/sendMail} with the app-only credential (Exchange's
 * RBAC for Applications scopes the app's {@code Mail.Send} to that one mailbox, README "Notices after every pass").
 * Graph answers 202 with no body. Each send is one attempt: the SDK's retry handler is off, so the caller's jobs (the
 * outbox) decide when to try again.
 */
@Component
public class GraphMail {

    private final GraphClients clients;
    private final ObjectProvider<TokenCredential> appOnly;

    GraphMail(GraphClients clients, ObjectProvider<TokenCredential> appOnly) {
        this.clients = clients;
        this.appOnly = appOnly;
    }

    /** Whether an app-only credential is configured; without one nothing can be sent. */
    public boolean configured() {
        return appOnly.getIfAvailable() != null;
    }

    /**
     * Sends one plain-text mail from {@code sender} (address or object id) to {@code to}, not kept in the sender's
     * Sent Items.
     *
     * @throws GraphFailure on any failure: {@link #permanent(GraphFailure)} tells whether another attempt can help
     */
    public void send(String sender, List<String> to, String subject, String text) {
        TokenCredential credential = appOnly.getIfAvailable();
        if (credential == null) {
            throw new GraphFailure(GraphFailure.Kind.ACCESS_DENIED, 403, "noAppOnlyCredential", "", "", null, null, null);
        }
        var message = new Message();
        message.setSubject(subject);
        var body = new ItemBody();
        // text, never HTML: names and tickets typed by people go in as they are
        body.setContentType(BodyType.Text);
        body.setContent(text);
        message.setBody(body);
        message.setToRecipients(to.stream().map(GraphMail::recipient).toList());
        var request = new SendMailPostRequestBody();
        request.setMessage(message);
        request.setSaveToSentItems(false);
        CallRecord record = new CallRecord(UUID.randomUUID().toString());
        try {
            clients.forCredentialWrite(credential).users().byUserId(sender).sendMail().post(request, cfg -> {
                cfg.headers.add("client-request-id", record.clientRequestId());
                cfg.options.add(record);
                cfg.options.add(new RetryHandlerOption((delay, count, req, resp) -> false, 0, 0));
            });
        } catch (RuntimeException e) {
            throw GraphFailures.from(e, record);
        }
    }

    /**
     * A failure another attempt cannot mend: a 4xx other than 401, 408 and 429 (400 a malformed message, 403
     * ErrorAccessDenied when the sender mailbox is outside the app's scope, 404 a mailbox that does not exist).
     * Throttling, 5xx, no answer and a refused token (the next attempt asks for a new one) are worth another try.
     */
    public static boolean permanent(GraphFailure failure) {
        int status = failure.status();
        return status >= 400 && status < 500 && status != 401 && status != 408 && status != 429;
    }

    private static Recipient recipient(String address) {
        var email = new EmailAddress();
        email.setAddress(address);
        var recipient = new Recipient();
        recipient.setEmailAddress(email);
        return recipient;
    }
}
