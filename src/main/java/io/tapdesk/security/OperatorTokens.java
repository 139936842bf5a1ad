package io.tapdesk.security;

import io.tapdesk.graph.GraphToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.stereotype.Component;

/**
 * The signed-in operator's Graph access token, obtained on the request thread (the manager reads the
 * current request and refreshes an expired token). Work on other threads receives the token, never the request.
 */
@Component
public class OperatorTokens {

    private final OAuth2AuthorizedClientManager manager;

    OperatorTokens(OAuth2AuthorizedClientManager manager) {
        this.manager = manager;
    }

    public GraphToken current() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        var client = manager.authorize(OAuth2AuthorizeRequest
                .withClientRegistrationId(SecurityConfig.REGISTRATION)
                .principal(authentication)
                .build());
        if (client == null) {
            // no usable token and none to refresh: the filter chain sends the operator through sign-in again
            throw new ClientAuthorizationRequiredException(SecurityConfig.REGISTRATION);
        }
        return new GraphToken(client.getAccessToken().getTokenValue());
    }
}
