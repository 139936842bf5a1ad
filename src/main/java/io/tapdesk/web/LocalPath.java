package io.tapdesk.web;

/** Keeps redirects inside TapDesk: only an absolute local path, never another host. */
public final class LocalPath {

    private LocalPath() {
    }

    public static String orHome(String path) {
        if (path == null || !path.matches("/[A-Za-z0-9/_-]*") || path.startsWith("//")) {
            return "/";
        }
        return path;
    }
}
