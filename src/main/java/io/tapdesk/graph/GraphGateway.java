package io.tapdesk.graph;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.azure.core.credential.TokenCredential;
import com.microsoft.graph.models.TemporaryAccessPassAuthenticationMethod;
import com.microsoft.kiota.BaseRequestConfiguration;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import io.tapdesk.directory.AuthMethod;
import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.directory.IssuedPass;
import io.tapdesk.directory.Manager;
import io.tapdesk.directory.Membership;
import io.tapdesk.directory.MethodsAndPass;
import io.tapdesk.directory.PassRequest;
import io.tapdesk.directory.PassSecret;
import io.tapdesk.directory.PassStatus;
import io.tapdesk.directory.TapPolicy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The one port to Microsoft Graph. Speaks in TapDesk's records, throws only {@link GraphFailure}, and every call
 * carries the operator's own token and a fresh {@code client-request-id}.
 */
@Component
public class GraphGateway {

    static final String[] SEARCH_FIELDS = {
            "id", "displayName", "userPrincipalName", "mail", "accountEnabled", "userType", "creationType", "externalUserState"};
    static final String[] CARD_FIELDS = {
            "id", "displayName", "userPrincipalName", "mail", "accountEnabled", "userType", "creationType",
            "externalUserState", "jobTitle", "department", "mobilePhone", "businessPhones", "onPremisesSyncEnabled"};

    private final GraphClients clients;
    private final GraphProperties properties;
    private final ObjectProvider<TokenCredential> appOnly;

    GraphGateway(GraphClients clients, GraphProperties properties, ObjectProvider<TokenCredential> appOnly) {
        this.clients = clients;
        this.properties = properties;
        this.appOnly = appOnly;
    }

    /** Graph {@code $search} on display name, UPN and mail. {@code text} must be free of quotes and backslashes. */
    public List<DirectoryUser> searchUsers(GraphToken token, String text) {
        return call(id -> clients.forToken(token).users().get(cfg -> {
            read(cfg, id);
            cfg.headers.add("ConsistencyLevel", "eventual");
            cfg.queryParameters.search = "\"displayName:" + text + "\" OR \"userPrincipalName:" + text
                    + "\" OR \"mail:" + text + "\"";
            cfg.queryParameters.count = true;
            cfg.queryParameters.select = SEARCH_FIELDS;
            cfg.queryParameters.orderby = new String[]{"displayName"};
            cfg.queryParameters.top = properties.searchLimit();
        })).map(page -> page.getValue() == null ? List.<DirectoryUser>of()
                : page.getValue().stream().map(GraphMapping::user).toList()).orElse(List.of());
    }

    public DirectoryUser user(GraphToken token, String userId) {
        return call(id -> clients.forToken(token).users().byUserId(userId).get(cfg -> {
            read(cfg, id);
            cfg.queryParameters.select = CARD_FIELDS;
        })).map(GraphMapping::user).orElseThrow(GraphGateway::notFound);
    }

    /** The person's manager; empty when they have none (Graph answers 404, a normal state). */
    public Optional<Manager> manager(GraphToken token, String userId) {
        try {
            return call(id -> clients.forToken(token).users().byUserId(userId).manager().get(cfg -> read(cfg, id)))
                    .map(GraphMapping::manager);
        } catch (GraphFailure failure) {
            if (failure.kind() == GraphFailure.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    /** The person's registered sign-in methods, and their pass among them, in one call (no query options). */
    public MethodsAndPass methods(GraphToken token, String userId) {
        var all = call(id -> clients.forToken(token).users().byUserId(userId).authentication().methods()
                .get(cfg -> read(cfg, id)))
                .map(page -> page.getValue() == null ? List.<com.microsoft.graph.models.AuthenticationMethod>of() : page.getValue())
                .orElse(List.of());
        PassStatus pass = all.stream()
                .filter(m -> m instanceof com.microsoft.graph.models.TemporaryAccessPassAuthenticationMethod)
                .map(m -> GraphMapping.pass((com.microsoft.graph.models.TemporaryAccessPassAuthenticationMethod) m))
                .findFirst().orElse(PassStatus.none());
        return new MethodsAndPass(all.stream().map(GraphMapping::method).toList(), pass);
    }

    /** Active directory roles and groups, transitively (PIM-eligible roles do not show). */
    public List<Membership> memberships(GraphToken token, String userId) {
        return call(id -> clients.forToken(token).users().byUserId(userId).transitiveMemberOf().get(cfg -> {
            read(cfg, id);
            cfg.queryParameters.top = 999;
        })).map(page -> page.getValue() == null ? List.<Membership>of()
                : page.getValue().stream().map(GraphMapping::membership).toList()).orElse(List.of());
    }

    /** The tenant's pass policy with the operator's token (needs Global Reader or Authentication Policy Administrator). */
    public TapPolicy tapPolicy(GraphToken token) {
        return policy(clients.forToken(token));
    }

    /** Whether an app-only credential ({@code tapdesk.app-only.*}) is configured for reads the operator may lack. */
    public boolean appOnlyConfigured() {
        return appOnly.getIfAvailable() != null;
    }

    /**
     * The tenant's pass policy read app-only (application permission Policy.Read.AuthenticationMethod).
     *
     * @throws GraphFailure {@code ACCESS_DENIED} when no app-only credential is configured, or as Graph answers
     */
    public TapPolicy tapPolicyAppOnly() {
        TokenCredential credential = appOnly.getIfAvailable();
        if (credential == null) {
            throw new GraphFailure(GraphFailure.Kind.ACCESS_DENIED, 403, "noAppOnlyCredential", "", "", null, null, null);
        }
        return policy(clients.forCredential(credential));
    }

    private TapPolicy policy(com.microsoft.graph.serviceclient.GraphServiceClient client) {
        return call(id -> client.policies().authenticationMethodsPolicy().authenticationMethodConfigurations()
                .byAuthenticationMethodConfigurationId("TemporaryAccessPass").get(cfg -> read(cfg, id)))
                .map(GraphMapping::policy).orElseThrow(GraphGateway::notFound);
    }

    /** The person's pass, if any (Graph keeps at most one). */
    public PassStatus currentPass(GraphToken token, String userId) {
        return call(id -> clients.forToken(token).users().byUserId(userId).authentication()
                .temporaryAccessPassMethods().get(cfg -> read(cfg, id)))
                .map(page -> page.getValue() == null || page.getValue().isEmpty()
                        ? PassStatus.none() : GraphMapping.pass(page.getValue().get(0)))
                .orElse(PassStatus.none());
    }

    /**
     * Creates a pass, replacing any existing one. Never re-sent automatically except after a 429; when the failure
     * {@link GraphFailure#outcomeUnknown() leaves the outcome unknown}, the caller must show the current status.
     */
    public IssuedPass createPass(GraphToken token, String userId, PassRequest request) {
        var body = new TemporaryAccessPassAuthenticationMethod();
        body.setLifetimeInMinutes(request.lifetimeMinutes());
        body.setIsUsableOnce(request.usableOnce());
        if (request.start() != null) {
            body.setStartDateTime(OffsetDateTime.ofInstant(request.start(), ZoneOffset.UTC));
        }
        CallRecord[] record = new CallRecord[1];
        var created = call(id -> {
            record[0] = id;
            return clients.forWrite(token).users().byUserId(userId).authentication()
                    .temporaryAccessPassMethods().post(body, cfg -> configure(cfg, id, RetryBudget.forCreate(properties)));
        }).orElseThrow(() -> valueMissing(record[0], "emptyBody"));
        String value = created.getTemporaryAccessPass();
        if (value == null || value.isBlank()) {
            // a 201 without the value (two public TAP tools guard against this answer): a pass exists nobody has seen,
            // so the caller must treat it as an unknown outcome, never show an empty pass
            throw valueMissing(record[0], "noPassValue");
        }
        return new IssuedPass(new PassSecret(value), GraphMapping.pass(created), record[0].requestId());
    }

    /** Revokes the pass. Returns false when Graph says it was already gone. */
    public boolean revokePass(GraphToken token, String userId, String passId) {
        try {
            call(id -> {
                clients.forWrite(token).users().byUserId(userId).authentication().temporaryAccessPassMethods()
                        .byTemporaryAccessPassAuthenticationMethodId(passId)
                        .delete(cfg -> configure(cfg, id, RetryBudget.forDelete(properties)));
                return Boolean.TRUE;
            });
            return true;
        } catch (GraphFailure failure) {
            if (failure.kind() == GraphFailure.Kind.NOT_FOUND) {
                return false;
            }
            throw failure;
        }
    }

    private void read(BaseRequestConfiguration cfg, CallRecord record) {
        configure(cfg, record, RetryBudget.forRead(properties));
    }

    private static void configure(BaseRequestConfiguration cfg, CallRecord record, RetryHandlerOption retry) {
        cfg.headers.add("client-request-id", record.clientRequestId());
        cfg.options.add(record);
        cfg.options.add(retry);
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

    private static GraphFailure valueMissing(CallRecord record, String code) {
        return new GraphFailure(GraphFailure.Kind.VALUE_MISSING, 201, code,
                record == null ? "" : record.requestId(), record == null ? "" : record.clientRequestId(), null, null, null);
    }

    private static GraphFailure notFound() {
        return new GraphFailure(GraphFailure.Kind.NOT_FOUND, 404, "", "", "", null, null, null);
    }
}
