package io.tapdesk.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * The sign-in's two cookie-backed stores as beans, so whatever else needs "the page to come back to" or the
 * authorization request uses the same ones (Spring Security also picks a {@link RequestCache} bean up by itself).
 */
@Configuration(proxyBeanMethods = false)
class SignInCookieBeans {

    /** The page to come back to after sign-in: a sealed cookie, only a GET's local path ({@link CookieRequestCache}). */
    @Bean
    RequestCache signInRequestCache(SealedCookies cookies, PublicBaseUrl publicBaseUrl) {
        return new CookieRequestCache(cookies, publicBaseUrl.value());
    }

    /** The authorization request (state, nonce, PKCE verifier): a sealed cookie per sign-in ({@link CookieAuthorizationRequests}). */
    @Bean
    AuthorizationRequestRepository<OAuth2AuthorizationRequest> signInAuthorizationRequests(SealedCookies cookies) {
        return new CookieAuthorizationRequests(cookies);
    }
}
