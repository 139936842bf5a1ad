package io.tapdesk.directory;

import java.time.Instant;

/**
 * A registered sign-in method, typed. Graph keeps adding types: anything unknown is {@link Kind#OTHER}, with its
 * {@code @odata.type} as the detail, never an error.
 */
public record AuthMethod(Kind kind, String detail, Instant created) {

    public enum Kind {
        PASSWORD, PHONE, FIDO2, AUTHENTICATOR, WINDOWS_HELLO, SOFTWARE_OATH, EMAIL, TEMPORARY_ACCESS_PASS,
        PLATFORM_CREDENTIAL, OTHER
    }
}
