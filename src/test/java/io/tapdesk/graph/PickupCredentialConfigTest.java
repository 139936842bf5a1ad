package io.tapdesk.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;

import com.azure.identity.ClientCertificateCredential;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import tapdesk.demo.idp.DemoPickupKey;

/**
 * The pickup registration's settings are checked at start-up (issue 19): none is fine (no pickup, no bean), a
 * half-configured pickup, a client id shared with another of TapDesk's registrations, or an unreadable certificate
 * stop the start with the setting to fix; a PEM or PFX certificate makes azure-identity's certificate credential.
 * Each case starts only the config class, never the application.
 */
class PickupCredentialConfigTest {

    @TempDir
    static Path folder;
    static Path pem;
    static Path pfx;
    static final String PFX_PASSWORD = "pfx-test-password";

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PickupProperties.class)
    static class Properties {
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class, PickupCredentialConfig.class)
            .withPropertyValues("tapdesk.app-only.client-id=11111111-1111-1111-1111-111111111111",
                    "spring.security.oauth2.client.registration.entra.client-id=22222222-2222-2222-2222-222222222222");

    @BeforeAll
    static void certificates() throws Exception {
        var key = DemoPickupKey.generate("pickup-config-test");
        var mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        pem = folder.resolve("pickup.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + mime.encodeToString(key.privateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n" + mime.encodeToString(key.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        pfx = folder.resolve("pickup.pfx");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("pickup", key.privateKey(), PFX_PASSWORD.toCharArray(), new Certificate[]{key.certificate()});
        try (OutputStream out = Files.newOutputStream(pfx)) {
            store.store(out, PFX_PASSWORD.toCharArray());
        }
    }

    static String[] pickup(String clientId, String certificate) {
        return new String[]{"tapdesk.pickup.tenant-id=33333333-3333-3333-3333-333333333333",
                "tapdesk.pickup.client-id=" + clientId, "tapdesk.pickup.certificate-path=" + certificate};
    }

    @Test
    void withoutPickupSettingsThereIsNoPickupCredential() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(PickupCredential.class);
        });
    }

    @Test
    void aHalfConfiguredPickupStopsTheStart() {
        runner.withPropertyValues("tapdesk.pickup.client-id=44444444-4444-4444-4444-444444444444").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("half-configured")
                    .hasMessageContaining("tapdesk.pickup.tenant-id, tapdesk.pickup.certificate-path");
        });
    }

    @Test
    void theAppOnlyRegistrationsClientIdIsRefused() {
        runner.withPropertyValues(pickup("11111111-1111-1111-1111-111111111111", pem.toString())).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("tapdesk.pickup.client-id is the same as tapdesk.app-only.client-id");
        });
    }

    @Test
    void theOperatorsRegistrationsClientIdIsRefused() {
        // case does not make it another registration
        runner.withPropertyValues(pickup("22222222-2222-2222-2222-222222222222".toUpperCase(), pem.toString())).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("spring.security.oauth2.client.registration.entra.client-id");
        });
    }

    @Test
    void aClientSecretIsRefused() {
        runner.withPropertyValues("tapdesk.pickup.client-secret=a-secret-meant-for-the-pickup").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("authenticates only with a certificate")
                    .hasMessageNotContaining("a-secret-meant-for-the-pickup");
        });
    }

    @Test
    void aMissingCertificateStopsTheStart() {
        runner.withPropertyValues(pickup("44444444-4444-4444-4444-444444444444", folder.resolve("absent.pem").toString()))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("no readable file");
                });
    }

    @Test
    void aPfxWithTheWrongPasswordStopsTheStartWithoutShowingThePassword() {
        runner.withPropertyValues(pickup("44444444-4444-4444-4444-444444444444", pfx.toString()))
                .withPropertyValues("tapdesk.pickup.certificate-password=not-the-password").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("cannot read the certificate")
                            .hasMessageNotContaining("not-the-password");
                });
    }

    @Test
    void aPemCertificateMakesTheCertificateCredential() {
        runner.withPropertyValues(pickup("44444444-4444-4444-4444-444444444444", pem.toString())).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(PickupCredential.class).credential()).isInstanceOf(ClientCertificateCredential.class);
        });
    }

    @Test
    void aPfxWithItsPasswordMakesTheCertificateCredential() {
        runner.withPropertyValues(pickup("44444444-4444-4444-4444-444444444444", pfx.toString()))
                .withPropertyValues("tapdesk.pickup.certificate-password=" + PFX_PASSWORD).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(PickupCredential.class).credential()).isInstanceOf(ClientCertificateCredential.class);
                });
    }
}
