package io.tapdesk.graph;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Locale;

import com.azure.identity.ClientCertificateCredentialBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The pickup registration's credential ({@link PickupCredential}), when any {@code tapdesk.pickup.*} setting is given:
 * azure-identity's certificate credential, checked at start-up. Start fails with the reason when the settings are
 * incomplete, when the client id is one of TapDesk's other registrations (the pickup must be its own, holding only
 * {@code UserAuthMethod-TAP.ReadWrite.All}), or when the certificate file cannot be read.
 */
@Configuration(proxyBeanMethods = false)
class PickupCredentialConfig {

    /** The other registrations' client ids: the pickup may use none of them. */
    private static final String[] OTHER_REGISTRATIONS = {
            "tapdesk.app-only.client-id",
            "spring.security.oauth2.client.registration.entra.client-id",
            "spring.security.oauth2.client.registration.confirm.client-id"};

    /** Not a setting: named only to refuse it, so a secret meant for the pickup is never silently ignored. */
    private static final String CLIENT_SECRET = "tapdesk.pickup.client-secret";

    @Bean
    @ConditionalOnMissingBean(PickupCredential.class)
    @Conditional(PickupAttempted.class)
    PickupCredential pickupCredential(PickupProperties properties, Environment environment) {
        check(properties, environment);
        String authority = environment.getProperty("tapdesk.entra.authority-host", "https://login.microsoftonline.com");
        var builder = new ClientCertificateCredentialBuilder().authorityHost(authority).tenantId(properties.tenantId())
                .clientId(properties.clientId());
        String path = properties.certificatePath();
        return new PickupCredential((pem(path)
                ? builder.pemCertificate(path)
                : builder.pfxCertificate(path).clientCertificatePassword(properties.certificatePassword())).build());
    }

    /**
     * Refuses a pickup registration TapDesk must not start with.
     *
     * @throws IllegalStateException naming the setting to fix
     */
    static void check(PickupProperties properties, Environment environment) {
        if (PickupProperties.notBlank(environment.getProperty(CLIENT_SECRET))) {
            throw new IllegalStateException(CLIENT_SECRET + " is set, but the pickup authenticates only with a "
                    + "certificate (tapdesk.pickup.certificate-path): remove the secret, and delete it in Entra. README, "
                    + "\"Registering TapDesk in Entra ID\".");
        }
        if (!properties.missing().isEmpty()) {
            throw new IllegalStateException("The pickup registration is half-configured: set tapdesk.pickup.tenant-id, "
                    + "tapdesk.pickup.client-id and tapdesk.pickup.certificate-path together, or none of them (missing: "
                    + String.join(", ", properties.missing()) + "). README, \"Registering TapDesk in Entra ID\".");
        }
        for (String other : OTHER_REGISTRATIONS) {
            String id = environment.getProperty(other);
            if (id != null && id.strip().equalsIgnoreCase(properties.clientId().strip())) {
                throw new IllegalStateException("tapdesk.pickup.client-id is the same as " + other + ": the pickup needs "
                        + "its own app registration holding only UserAuthMethod-TAP.ReadWrite.All, so no other credential "
                        + "of TapDesk can create a pass. README, \"Registering TapDesk in Entra ID\".");
            }
        }
        readable(properties.certificatePath(), properties.certificatePassword());
    }

    /** Reads the certificate once now, so a wrong path or password stops start-up instead of the first pickup. */
    private static void readable(String path, String password) {
        Path file = Path.of(path);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalStateException("tapdesk.pickup.certificate-path: no readable file at " + path);
        }
        try {
            if (pem(path)) {
                String text = Files.readString(file, StandardCharsets.US_ASCII);
                if (!text.contains("PRIVATE KEY-----") || !text.contains("-----BEGIN CERTIFICATE-----")) {
                    throw new IllegalStateException("tapdesk.pickup.certificate-path: the PEM file must hold the "
                            + "certificate and its private key (" + path + ")");
                }
                // the certificate block alone: the private key may come first in the file
                String certificate = text.substring(text.indexOf("-----BEGIN CERTIFICATE-----"));
                CertificateFactory.getInstance("X.509").generateCertificate(
                        new ByteArrayInputStream(certificate.getBytes(StandardCharsets.US_ASCII)));
            } else {
                try (InputStream in = Files.newInputStream(file)) {
                    KeyStore.getInstance("PKCS12").load(in, password == null ? new char[0] : password.toCharArray());
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            // the cause's message only: it names the file problem, never the password
            throw new IllegalStateException("tapdesk.pickup.certificate-path: cannot read the certificate at " + path
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); for a PFX, check "
                    + "tapdesk.pickup.certificate-password");
        }
    }

    private static boolean pem(String path) {
        return path.toLowerCase(Locale.ROOT).endsWith(".pem");
    }

    /** Any of the required settings given (a half-configured pickup must fail start, not be skipped). */
    static class PickupAttempted implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            var env = context.getEnvironment();
            return new PickupProperties(env.getProperty("tapdesk.pickup.tenant-id"), env.getProperty("tapdesk.pickup.client-id"),
                    env.getProperty("tapdesk.pickup.certificate-path"), null).attempted()
                    || PickupProperties.notBlank(env.getProperty(CLIENT_SECRET));
        }
    }
}
