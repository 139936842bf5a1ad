package io.tapdesk.graph;

/** The Microsoft clouds TapDesk can run in (docs/graph.md §6): Graph root and Entra sign-in host belong together. */
public enum NationalCloud {
    GLOBAL("https://graph.microsoft.com", "https://login.microsoftonline.com", true),
    USGOV_L4("https://graph.microsoft.us", "https://login.microsoftonline.us", true),
    USGOV_L5("https://dod-graph.microsoft.us", "https://login.microsoftonline.us", true),
    // Graph v1.0's availability tables mark the pass endpoints and the pass policy "not available" here (§6)
    CHINA("https://microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn", false);

    private final String graphRoot;
    private final String authorityHost;
    private final boolean offersPassesOnV1;

    NationalCloud(String graphRoot, String authorityHost, boolean offersPassesOnV1) {
        this.graphRoot = graphRoot;
        this.authorityHost = authorityHost;
        this.offersPassesOnV1 = offersPassesOnV1;
    }

    public String graphRoot() {
        return graphRoot;
    }

    public String authorityHost() {
        return authorityHost;
    }

    /**
     * Whether Graph v1.0 lists the Temporary Access Pass endpoints ({@code temporaryAccessPassMethods}) and the pass
     * policy as available in this cloud, per the "national cloud deployments" table on each of those API pages.
     */
    public boolean offersPassesOnV1() {
        return offersPassesOnV1;
    }
}
