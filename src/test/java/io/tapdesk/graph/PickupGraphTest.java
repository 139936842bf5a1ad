package io.tapdesk.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.credential.TokenRequestContext;
import io.tapdesk.directory.IssuedPass;
import io.tapdesk.directory.PassRequest;
import io.tapdesk.support.StackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import java.util.Map;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.DemoPickupCredential;
import tapdesk.demo.idp.DemoIdentityProvider;
import tapdesk.demo.idp.DemoPickupKey;

/**
 * The pickup creates passes with its own registration and nothing else can (issue 19): PickupGraph's create reaches
 * Graph with the pickup client's token (the demo's {@code private_key_jwt} client), the same create with the main
 * app-only token is refused with Graph's 403, the pickup's token reads no person, and a person Graph protects from
 * app-only creates answers 403 (the undocumented case the pickup must show with its own message).
 */
class PickupGraphTest extends StackTest {

    static final PassRequest HOUR = new PassRequest(60, true, null);

    @Autowired
    PickupGraph pickup;

    @Autowired
    GraphGateway gateway;

    @Autowired
    PickupCredential credential;

    @Autowired
    GraphClients clients;

    @Test
    void thePickupCreatesAPassWithItsOwnRegistration() {
        String adele = DemoPeople.ADELE.id();

        IssuedPass issued = pickup.createPass(adele, HOUR);

        assertThat(issued.secret().reveal()).isNotBlank();
        assertThat(STACK.graph().state().pass(adele)).hasValueSatisfying(p -> assertThat(p.id()).isEqualTo(issued.status().passId()));
        assertThat(pickup.currentPass(adele).passId()).isEqualTo(issued.status().passId());
        assertThat(pickup.configured()).isTrue();
    }

    @Test
    void theMainAppOnlyTokenCannotCreateAPass() {
        String adele = DemoPeople.ADELE.id();

        GraphFailure refused = catchThrowableOfType(GraphFailure.class,
                () -> gateway.createPass(gateway.appOnlyToken(), adele, HOUR));

        assertThat(refused.kind()).isEqualTo(GraphFailure.Kind.ACCESS_DENIED);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("Authorization_RequestDenied");
        assertThat(STACK.graph().state().pass(adele)).isEmpty();
    }

    @Test
    void theMainAppOnlyTokenReadsThePersonAsThePickupNeeds() {
        GraphToken appOnly = gateway.appOnlyToken();
        String adele = DemoPeople.ADELE.id();

        assertThat(gateway.user(appOnly, adele).id()).isEqualTo(adele);
        assertThat(gateway.memberships(appOnly, adele)).isNotNull();
        assertThat(gateway.methods(appOnly, adele)).isNotNull();
    }

    @Test
    void thePickupTokenCannotReadAPerson() {
        GraphToken pickupToken = new GraphToken(credential.credential()
                .getTokenSync(new TokenRequestContext().addScopes("https://graph.microsoft.com/.default")).getToken());

        GraphFailure refused = catchThrowableOfType(GraphFailure.class, () -> gateway.user(pickupToken, DemoPeople.ADELE.id()));

        assertThat(refused.kind()).isEqualTo(GraphFailure.Kind.ACCESS_DENIED);
        assertThat(refused.code()).isEqualTo("Authorization_RequestDenied");
        assertThat(catchThrowableOfType(GraphFailure.class, () -> gateway.methods(pickupToken, DemoPeople.ADELE.id())).status())
                .isEqualTo(403);
    }

    @Test
    void anUntrustedCertificateGetsNoTokenAndNothingReachesGraph() {
        String adele = DemoPeople.ADELE.id();
        var stolen = new PickupCredential(new DemoPickupCredential(STACK.issuer() + "/oauth2/token",
                DemoIdentityProvider.PICKUP_CLIENT_ID, DemoPickupKey.generate("not-the-registered-certificate")));
        var withStolen = new PickupGraph(gateway, clients,
                new StaticListableBeanFactory(Map.of("pickup", stolen)).getBeanProvider(PickupCredential.class));

        GraphFailure refused = catchThrowableOfType(GraphFailure.class, () -> withStolen.createPass(adele, HOUR));

        assertThat(refused).isNotNull();
        // no request was sent: the outcome is known (no pass), never "unknown"
        assertThat(refused.outcomeUnknown()).isFalse();
        assertThat(STACK.graph().state().createAttempts(adele)).isZero();
        assertThat(STACK.graph().state().pass(adele)).isEmpty();
    }

    @Test
    void aPersonGraphProtectsFromAppOnlyCreatesIsA403() {
        String allan = DemoPeople.ALLAN.id();
        STACK.graph().state().refuseAppOnlyCreates(allan);

        GraphFailure refused = catchThrowableOfType(GraphFailure.class, () -> pickup.createPass(allan, HOUR));

        assertThat(refused.kind()).isEqualTo(GraphFailure.Kind.ACCESS_DENIED);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.outcomeUnknown()).isFalse();
        assertThat(STACK.graph().state().pass(allan)).isEmpty();
    }
}
