package io.tapdesk.graph;

import io.tapdesk.directory.IssuedPass;
import io.tapdesk.directory.PassRequest;
import io.tapdesk.directory.PassStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Creates a pass at pickup, app-only, with the pickup registration's own credential ({@link PickupCredential}):
 * the one place that credential is used. Same request, same answers and failures as
 * {@link GraphGateway#createPass(GraphToken, String, PassRequest)} (Graph: POST
 * /users/{id}/authentication/temporaryAccessPassMethods, application permission UserAuthMethod-TAP.ReadWrite.All).
 */
@Component
public class PickupGraph {

    private final GraphGateway gateway;
    private final GraphClients clients;
    private final ObjectProvider<PickupCredential> credential;

    PickupGraph(GraphGateway gateway, GraphClients clients, ObjectProvider<PickupCredential> credential) {
        this.gateway = gateway;
        this.clients = clients;
        this.credential = credential;
    }

    /** Whether the pickup registration is configured: without it, no hand-over can be created. */
    public boolean configured() {
        return credential.getIfAvailable() != null;
    }

    /**
     * Creates the pass. Never re-sent except after a 429.
     *
     * @throws GraphFailure as {@link GraphGateway#createPass(GraphToken, String, PassRequest)}; {@code ACCESS_DENIED}
     *                      with code {@code noPickupCredential} when the pickup registration is not configured
     */
    public IssuedPass createPass(String userId, PassRequest request) {
        return gateway.createPass(clients.forCredentialWrite(required()), userId, request);
    }

    /** The person's pass, read with the pickup credential (its permission reads passes too). */
    public PassStatus currentPass(String userId) {
        return gateway.currentPass(clients.forCredential(required()), userId);
    }

    private com.azure.core.credential.TokenCredential required() {
        PickupCredential pickup = credential.getIfAvailable();
        if (pickup == null) {
            throw new GraphFailure(GraphFailure.Kind.ACCESS_DENIED, 403, "noPickupCredential", "", "", null, null, null);
        }
        return pickup.credential();
    }
}
