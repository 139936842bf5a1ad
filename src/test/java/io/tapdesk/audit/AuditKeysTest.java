package io.tapdesk.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import tapdesk.demo.DemoStack;

/** Keys that are keys (docs/audit.md §3): the examples and short or non-base64 values are refused with the way out. */
class AuditKeysTest {

    @Test
    void theExampleKeysAreRefusedSayingHowToMakeOne() {
        for (String example : List.of("change-me-to-32-or-more-random-characters", "demo-audit-key-0123456789-abcdefghijklmnop")) {
            assertThatThrownBy(() -> AuditKeys.of(example, List.of()))
                    .hasMessageContaining("example")
                    .hasMessageContaining("openssl rand -base64 32");
        }
    }

    @Test
    void theEnvExampleKeyIsRefused() throws Exception {
        String line = Files.readAllLines(Path.of(".env.example")).stream()
                .filter(l -> l.startsWith("TAPDESK_AUDIT_KEY=")).findFirst().orElseThrow();
        assertThatThrownBy(() -> AuditKeys.of(line.substring(line.indexOf('=') + 1), List.of()))
                .hasMessageContaining("openssl rand -base64 32");
    }

    @Test
    void aKeyMustDecodeToAtLeast32Bytes() {
        String short31 = Base64.getEncoder().encodeToString(new byte[31]);
        assertThatThrownBy(() -> AuditKeys.of(short31, List.of())).hasMessageContaining("decodes to 31 bytes")
                .hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> AuditKeys.of("x".repeat(60) + "!", List.of())).hasMessageContaining("not base64");
        assertThatThrownBy(() -> AuditKeys.of(" ", List.of())).hasMessageContaining("not set");
        assertThat(AuditKeys.of(DemoStack.newKey(), List.of()).current().bytes()).hasSize(32);
    }

    @Test
    void anExampleKeyIsAcceptedOnlyBesideARealOneToVerifyOldRows() {
        String real = DemoStack.newKey();
        String rotatedOut = DemoStack.newKey();
        var keys = AuditKeys.of(real, List.of("demo-audit-key-0123456789-abcdefghijklmnop", rotatedOut));

        assertThat(keys.current().id()).isEqualTo(AuditKeys.id(Base64.getDecoder().decode(real)));
        assertThat(keys.byId(AuditKeys.of(rotatedOut, List.of()).current().id())).isNotNull();
        // the example text key checks a version 1 head only (for the command line); it never signs
        assertThat(keys.legacy()).hasSize(3);
        assertThat(keys.textOnlyOldKeys()).isEqualTo(1);
        assertThat(keys.current().id()).doesNotContain(real);
        // and only the command line's upgrade takes it: TapDesk itself refuses it, and trusts no version 1 head
        assertThatThrownBy(() -> AuditKeys.forTapDesk(real, List.of("demo-audit-key-0123456789-abcdefghijklmnop")))
                .hasMessageContaining("one-time upgrade");
        var app = AuditKeys.forTapDesk(real, List.of(rotatedOut));
        assertThat(app.legacy()).isEmpty();
        assertThat(app.byId(AuditKeys.of(rotatedOut, List.of()).current().id())).isNotNull();
    }

    @Test
    void theExamplePasswordIsRefusedAtStartUp() {
        var environment = new MockEnvironment().withProperty("spring.datasource.password", "change-me-too");
        assertThatThrownBy(() -> new ExamplePasswords(environment))
                .hasMessageContaining("spring.datasource.password").hasMessageContaining("openssl rand");
        var flyway = new MockEnvironment().withProperty("spring.datasource.password", "a-real-one")
                .withProperty("spring.flyway.password", "change-me-too");
        assertThatThrownBy(() -> new ExamplePasswords(flyway)).hasMessageContaining("spring.flyway.password");
        new ExamplePasswords(new MockEnvironment().withProperty("spring.datasource.password", "a-real-one"));
    }

    @Test
    void theCommandLineAppliesTheSameRules() {
        var out = new ByteArrayOutputStream();
        int code = VerifyAuditCommand.run("jdbc:postgresql://127.0.0.1:1/none", "u", "p",
                "change-me-to-32-or-more-random-characters", List.of(), new PrintStream(out, true));
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).contains("openssl rand -base64 32");

        var password = new ByteArrayOutputStream();
        assertThat(VerifyAuditCommand.run("jdbc:postgresql://127.0.0.1:1/none", "u", "change-me-too", DemoStack.newKey(),
                List.of(), new PrintStream(password, true))).isEqualTo(2);
        assertThat(password.toString()).contains("TAPDESK_DB_PASSWORD", "openssl rand");
    }
}
