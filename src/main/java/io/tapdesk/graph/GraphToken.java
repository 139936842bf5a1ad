package io.tapdesk.graph;

/** A delegated access token for one Graph call. Its {@code toString} never shows the value. */
public record GraphToken(String value) {

    @Override
    public String toString() {
        return "GraphToken[hidden]";
    }
}
