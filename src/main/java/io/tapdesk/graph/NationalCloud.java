package io.tapdesk.graph;

/** The Microsoft clouds TapDesk can run in (docs/graph.md §6): Graph root and Entra sign-in host belong together. */
public enum NationalCloud {
    GLOBAL("https://graph.microsoft.com", "https://login.microsoftonline.com"),
    USGOV_L4("https://graph.microsoft.us", "https://login.microsoftonline.us"),
    USGOV_L5("https://dod-graph.microsoft.us", "https://login.microsoftonline.us"),
    CHINA("https://microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn");

    private final String graphRoot;
    private final String authorityHost;

    NationalCloud(String graphRoot, String authorityHost) {
        this.graphRoot = graphRoot;
        this.authorityHost = authorityHost;
    }

    public String graphRoot() {
        return graphRoot;
    }

    public String authorityHost() {
        return authorityHost;
    }
}
