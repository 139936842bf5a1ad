package io.tapdesk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tapdesk.demo.DemoStack;

/** AES-GCM sealing of the sign-in cookies: only the same key, purpose and a recent time open a value. */
class SealedCookiesTest {

    final SealedCookies cookies = new SealedCookies(DemoStack.newKey(), true);
    final Instant now = Instant.parse("2026-12-06T14:00:00Z");

    @Test
    void aSealedValueOpensForItsPurposeWithinItsAge() {
        String sealed = cookies.seal("p", "{\"state\":\"s\"}", now);

        assertThat(sealed).doesNotContain("state").matches("[A-Za-z0-9_-]+");
        assertThat(cookies.open("p", sealed, Duration.ofMinutes(15), now.plusSeconds(60))).hasValue("{\"state\":\"s\"}");
    }

    @Test
    void anyChangedCharacterAnotherPurposeKeyOrAgeOpensNothing() {
        String sealed = cookies.seal("p", "payload", now);
        Duration age = Duration.ofMinutes(15);

        for (int i = 0; i < sealed.length(); i++) {
            char c = sealed.charAt(i);
            String changed = sealed.substring(0, i) + (c == 'A' ? 'B' : 'A') + sealed.substring(i + 1);
            assertThat(cookies.open("p", changed, age, now)).as("changed at " + i).isEmpty();
        }
        assertThat(cookies.open("other", sealed, age, now)).isEmpty();
        assertThat(new SealedCookies(DemoStack.newKey(), true).open("p", sealed, age, now)).isEmpty();
        assertThat(cookies.open("p", sealed, age, now.plus(age).plusSeconds(1))).isEmpty();
        assertThat(cookies.open("p", sealed, age, now.minusSeconds(60))).as("from the future").isEmpty();
        assertThat(cookies.open("p", "", age, now)).isEmpty();
        assertThat(cookies.open("p", "not base64 !", age, now)).isEmpty();
        assertThat(cookies.open("p", sealed.substring(0, 20), age, now)).isEmpty();
    }

    @Test
    void twoSealsOfOneValueDiffer() {
        assertThat(cookies.seal("p", "v", now)).isNotEqualTo(cookies.seal("p", "v", now));
    }

    @Test
    void aConfiguredKeyMustBeBase64Of32Bytes() {
        assertThatThrownBy(() -> new SealedCookies("c2hvcnQ=", true)).hasMessageContaining("32 bytes")
                .hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> new SealedCookies("not base64!", true)).hasMessageContaining("base64");
        String key = DemoStack.newKey();
        String sealed = new SealedCookies(key, true).seal("p", "v", now);
        assertThat(new SealedCookies(key, false).open("p", sealed, Duration.ofMinutes(1), now)).as("the same key on another instance").hasValue("v");
    }
}
