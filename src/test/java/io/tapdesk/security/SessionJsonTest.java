package io.tapdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.web.servlet.FlashMap;
import tapdesk.demo.DemoStack;

/** What a session holds comes back as it went in: Spring Security's types and Spring MVC's flash attributes. */
class SessionJsonTest {

    final SessionJson sessions = new SessionJson(new TokenCipher(DemoStack.newKey()));

    @Test
    void aRedirectsNoticeSurvivesTheSession() {
        FlashMap notice = new FlashMap();
        notice.put("notice", "approval.done.approved");
        notice.setTargetRequestPath("/approvals");
        notice.addTargetRequestParam("page", "2");
        notice.startExpirationPeriod(180);

        Object back = sessions.read(sessions.write(new ArrayList<>(List.of(notice))));

        assertThat(back).isInstanceOf(List.class);
        FlashMap read = (FlashMap) ((List<?>) back).get(0);
        assertThat(read.get("notice")).isEqualTo("approval.done.approved");
        assertThat(read.getTargetRequestPath()).isEqualTo("/approvals");
        assertThat(read.getTargetRequestParams().getFirst("page")).isEqualTo("2");
        assertThat(read.getExpirationTime()).isEqualTo(notice.getExpirationTime());
    }

    @Test
    void aCsrfTokenAndPlainValuesComeBackAsTheyWere() {
        var csrf = new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "secret-value");

        assertThat(sessions.read(sessions.write(csrf))).isInstanceOfSatisfying(DefaultCsrfToken.class, back -> {
            assertThat(back.getToken()).isEqualTo("secret-value");
            assertThat(back.getParameterName()).isEqualTo("_csrf");
            assertThat(back.getHeaderName()).isEqualTo("X-CSRF-TOKEN");
        });
        assertThat(sessions.read(sessions.write("a nonce"))).isEqualTo("a nonce");
        assertThat(new String(sessions.write(csrf), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("secret-value");
    }
}
