package io.tapdesk.verifiedid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Whom the card offers "Get verified" (issue 18), and how a callback body is read. */
class VerifiedIdPropertiesTest {

    private static VerifiedIdProperties with(String authority, List<String> people) {
        return new VerifiedIdProperties(URI.create("https://verifiedid.did.msidentity.com"), authority, "TapDesk", 70,
                Duration.ofMinutes(10), people, Duration.ofSeconds(10), 10, 600);
    }

    @Test
    void offeredOnlyWhenConfiguredAndForTheConfiguredDomains() {
        var contoso = with("did:web:verifiedid.contoso.com", List.of("contoso.com"));
        assertThat(contoso.allows("adele@contoso.com")).isTrue();
        assertThat(contoso.allows("Adele@CONTOSO.COM")).isTrue();
        assertThat(contoso.allows("adele@fabrikam.com")).isFalse();
        assertThat(contoso.allows("adele@sub.contoso.com")).as("a subdomain is another domain").isFalse();
        assertThat(contoso.allows(null)).isFalse();
        assertThat(contoso.allows("no-at-sign")).isFalse();
        assertThat(with("did:web:x", List.of("*")).allows("anyone@anywhere.test")).isTrue();
        assertThat(with("did:web:x", List.of()).allows("adele@contoso.com")).as("nobody named: nobody").isFalse();
        assertThat(with(null, List.of("*")).allows("adele@contoso.com")).as("no authority: off").isFalse();
        assertThat(with(" ", List.of("*")).configured()).isFalse();
    }

    @Test
    void theLifetimeIsTwoToThirtyMinutes() {
        assertThatThrownBy(() -> new VerifiedIdProperties(URI.create("https://x"), "did:web:x", "T", 70, Duration.ofMinutes(1),
                List.of(), Duration.ofSeconds(1), 10, 600)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VerifiedIdProperties(URI.create("https://x"), "did:web:x", "T", 70, Duration.ofMinutes(31),
                List.of(), Duration.ofSeconds(1), 10, 600)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCallbackIsReadWithoutItsPhoto() {
        var read = PresentationCallback.parse("""
                {"requestId":"r1","requestStatus":"presentation_verified","state":"s1","subject":"did:web:w",
                 "verifiedCredentialsData":[{"issuer":"did:web:i","type":["VerifiableCredential","VerifiedEmployee"],
                   "claims":{"revocationId":"adele@contoso.com","photo":"AAAA"},
                   "faceCheck":{"matchConfidenceScore":87.3,"sourcePhotoQuality":"HIGH"}}]}""").orElseThrow();
        assertThat(read.requestId()).isEqualTo("r1");
        assertThat(read.status()).isEqualTo(PresentationCallback.VERIFIED);
        assertThat(read.state()).isEqualTo("s1");
        assertThat(read.issuer()).isEqualTo("did:web:i");
        assertThat(read.types()).contains("VerifiedEmployee");
        assertThat(read.revocationId()).isEqualTo("adele@contoso.com");
        assertThat(read.score()).isEqualTo(87.3);
        assertThat(read.toString()).doesNotContain("AAAA");

        assertThat(PresentationCallback.parse("{\"requestId\":\"r\",\"requestStatus\":\"presentation_expired\"}")).as("no such status").isEmpty();
        assertThat(PresentationCallback.parse("{\"requestStatus\":\"request_retrieved\"}")).as("no request id").isEmpty();
        assertThat(PresentationCallback.parse("[]")).isEmpty();
        assertThat(PresentationCallback.parse("not json")).isEmpty();
        assertThat(PresentationCallback.parse(null)).isEmpty();
        var error = PresentationCallback.parse("{\"requestId\":\"r\",\"requestStatus\":\"presentation_error\",\"error\":{\"code\":\"faceCheckFailed\"}}")
                .orElseThrow();
        assertThat(error.errorCode()).isEqualTo("faceCheckFailed");
        assertThat(error.score()).isNull();
    }
}
