package io.tapdesk.security;

/** The Entra app role values (the {@code roles} claim) and what TapDesk makes of them. */
public final class Roles {

    public static final String HELPDESK = "TapDesk.Helpdesk";
    public static final String ADMIN = "TapDesk.Admin";
    public static final String APPROVER = "TapDesk.Approver";
    public static final String AUDITOR = "TapDesk.Auditor";
    /** HR or IT onboarding staff: the "Starting soon" page and its batches (issue 19), nothing else. */
    public static final String ONBOARDING = "TapDesk.Onboarding";

    /** Spring authority prefix; {@code hasRole("X")} checks {@code ROLE_X}. */
    static final String PREFIX = "ROLE_";

    /** Entra directory role template ids, as Entra puts them in the {@code wids} claim. */
    public static final String ENTRA_AUTHENTICATION_ADMINISTRATOR = "c4e39bd9-1100-46d3-8c65-fb160da0071f";
    public static final String ENTRA_PRIVILEGED_AUTHENTICATION_ADMINISTRATOR = "7be44c8a-adaf-4e2a-84d6-ab2649e08a13";

    private Roles() {
    }
}
