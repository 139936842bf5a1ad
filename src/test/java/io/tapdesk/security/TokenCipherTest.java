package io.tapdesk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import tapdesk.demo.DemoStack;

/** AES-GCM under the token key: what is sealed opens only with its key, for its place, unchanged. */
class TokenCipherTest {

    static final byte[] PLACE = "oauth2_authorized_client\0entra\0helpdesk@contoso.test\0access".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSealedTokenOpensOnlyWithItsKeyForItsPlaceAndUnchanged() {
        TokenCipher cipher = new TokenCipher(DemoStack.newKey());
        byte[] token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJoZWxwZGVzayJ9.c2lnbmF0dXJl".getBytes(StandardCharsets.UTF_8);

        byte[] sealed = cipher.seal(token, PLACE);

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("eyJ");
        assertThat(cipher.seal(token, PLACE)).as("a fresh IV each time").isNotEqualTo(sealed);
        assertThat(cipher.open(sealed, PLACE)).isEqualTo(token);
        assertThatThrownBy(() -> cipher.open(sealed, "another row".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TokenCipher.Unreadable.class);
        assertThatThrownBy(() -> new TokenCipher(DemoStack.newKey()).open(sealed, PLACE)).isInstanceOf(TokenCipher.Unreadable.class);
        byte[] changed = sealed.clone();
        changed[20] ^= 1;
        assertThatThrownBy(() -> cipher.open(changed, PLACE)).isInstanceOf(TokenCipher.Unreadable.class)
                .hasMessageNotContaining("eyJ");
    }

    @Test
    void theExampleKeyAndKeysOfTheWrongLengthAreRefusedSayingHowToMakeOne() throws Exception {
        String example = Files.readAllLines(Path.of(".env.example")).stream()
                .filter(l -> l.startsWith("TAPDESK_TOKEN_KEY=")).findFirst().orElseThrow().substring("TAPDESK_TOKEN_KEY=".length());
        for (String key : new String[]{example, "", "c2hvcnQ=", java.util.Base64.getEncoder().encodeToString(new byte[16])}) {
            assertThatThrownBy(() -> new TokenCipher(key)).as(key).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("openssl rand -base64 32");
        }
    }
}
