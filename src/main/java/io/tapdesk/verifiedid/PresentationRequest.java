package io.tapdesk.verifiedid;

import java.time.Instant;

/**
 * The Request Service's answer to createPresentationRequest.
 *
 * @param requestId the service's id of the request (the callbacks carry it)
 * @param url       the {@code openid-vc://} link Authenticator opens (as a link or a QR code)
 * @param expiry    when the service lets the request lapse (its {@code expiry}, epoch seconds); TapDesk keeps its own
 */
public record PresentationRequest(String requestId, String url, Instant expiry) {
}
