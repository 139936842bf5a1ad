package io.tapdesk.verifiedid;

/**
 * The Request Service could not be asked, or answered with something other than a presentation request: no token, a
 * non-2xx status (in {@link #status()}, 0 when there was no answer), or a body without {@code requestId} and {@code url}.
 * The message holds the status and the service's error code, never a token.
 */
public class VerifiedIdFailure extends RuntimeException {

    private final int status;

    public VerifiedIdFailure(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
