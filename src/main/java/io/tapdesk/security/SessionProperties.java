package io.tapdesk.security;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long a sign-in lasts and how fresh it must be (ASVS 3.3; README "Sessions and sign-in").
 *
 * @param idleTimeout       a session without a request for this long is signed out (Spring Session's max inactive interval)
 * @param absoluteLifetime  a session is signed out this long after it was created, however busy
 * @param reauthenticateAfter issuing and approving need a sign-in ({@code auth_time} of the ID token) younger than this;
 *                          older, TapDesk sends the operator to the identity provider with {@code prompt=login} and
 *                          {@code max_age} first
 * @param rolesRecheckAfter the app roles (ID token {@code roles}) are read again with a token refresh before approve,
 *                          issue, revoke and export once the ID token is older than this
 */
@Validated
@ConfigurationProperties("tapdesk.session")
public record SessionProperties(@NotNull @DefaultValue("30m") Duration idleTimeout,
                                @NotNull @DefaultValue("10h") Duration absoluteLifetime,
                                @NotNull @DefaultValue("60m") Duration reauthenticateAfter,
                                @NotNull @DefaultValue("5m") Duration rolesRecheckAfter) {
}
