package io.tapdesk.security;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The delegated permissions Entra granted with the operator's Graph token: the {@code scope} of the token response,
 * as the authorized client keeps it. Never read from the access token itself, which is opaque to clients.
 */
@Component
public class GrantedScopes {

    private final OAuth2AuthorizedClientRepository authorizedClients;

    GrantedScopes(OAuth2AuthorizedClientRepository authorizedClients) {
        this.authorizedClients = authorizedClients;
    }

    /**
     * The granted permissions of the current request's operator, without the resource prefix
     * ({@code https://graph.microsoft.com/User.Read.All} becomes {@code User.Read.All}).
     *
     * @return empty when unknown: no request, nobody signed in, no authorized client, or a token answer without scopes
     */
    public Optional<Set<String>> current() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null
                || !(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return Optional.empty();
        }
        HttpServletRequest request = attributes.getRequest();
        OAuth2AuthorizedClient client = authorizedClients.loadAuthorizedClient(SecurityConfig.REGISTRATION,
                authentication, request);
        if (client == null || client.getAccessToken() == null || client.getAccessToken().getScopes().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(client.getAccessToken().getScopes().stream()
                .map(scope -> scope.substring(scope.lastIndexOf('/') + 1))
                .collect(Collectors.toUnmodifiableSet()));
    }
}
