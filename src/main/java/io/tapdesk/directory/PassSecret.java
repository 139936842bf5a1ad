package io.tapdesk.directory;

/**
 * The pass value. It lives only between Graph's create response and the one page that shows it, so it is wrapped:
 * {@code toString} hides it from any log line, model dump or exception that might print this object.
 */
public final class PassSecret {

    private final String value;

    public PassSecret(String value) {
        this.value = value;
    }

    /** For the pass page only. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "PassSecret[hidden]";
    }
}
