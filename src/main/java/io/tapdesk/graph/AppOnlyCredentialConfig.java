package io.tapdesk.graph;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The azure-identity credential for app-only reads, when {@code tapdesk.app-only.*} is configured. */
@Configuration(proxyBeanMethods = false)
class AppOnlyCredentialConfig {

    @Bean
    @ConditionalOnMissingBean(TokenCredential.class)
    @Conditional(AppOnlyConfigured.class)
    TokenCredential appOnlyCredential(AppOnlyProperties properties, Environment environment) {
        String authority = environment.getProperty("tapdesk.entra.authority-host", "https://login.microsoftonline.com");
        if (properties.clientSecret() != null && !properties.clientSecret().isBlank()) {
            return new ClientSecretCredentialBuilder().authorityHost(authority).tenantId(properties.tenantId())
                    .clientId(properties.clientId()).clientSecret(properties.clientSecret()).build();
        }
        var builder = new ClientCertificateCredentialBuilder().authorityHost(authority).tenantId(properties.tenantId())
                .clientId(properties.clientId());
        String path = properties.certificatePath();
        return (path.toLowerCase(java.util.Locale.ROOT).endsWith(".pem")
                ? builder.pemCertificate(path)
                : builder.pfxCertificate(path).clientCertificatePassword(properties.certificatePassword())).build();
    }

    static class AppOnlyConfigured implements org.springframework.context.annotation.Condition {
        @Override
        public boolean matches(org.springframework.context.annotation.ConditionContext context,
                               org.springframework.core.type.AnnotatedTypeMetadata metadata) {
            var env = context.getEnvironment();
            return new AppOnlyProperties(env.getProperty("tapdesk.app-only.tenant-id"), env.getProperty("tapdesk.app-only.client-id"),
                    env.getProperty("tapdesk.app-only.client-secret"), env.getProperty("tapdesk.app-only.certificate-path"),
                    null).configured();
        }
    }
}
