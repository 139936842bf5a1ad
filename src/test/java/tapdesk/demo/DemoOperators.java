package tapdesk.demo;

import java.util.List;

/**
 * The demo's staff accounts. Each signs in at the demo identity provider; its {@code oid} is a seeded person's id,
 * so the Graph stand-in knows who is calling, and its {@code wids} carry Entra directory roles as Entra puts them.
 */
public final class DemoOperators {

    public static final String AUTHENTICATION_ADMINISTRATOR = "c4e39bd9-1100-46d3-8c65-fb160da0071f";
    public static final String PRIVILEGED_AUTHENTICATION_ADMINISTRATOR = "7be44c8a-adaf-4e2a-84d6-ab2649e08a13";
    public static final String GLOBAL_READER = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
    public static final String DIRECTORY_READERS = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";

    public record Operator(String username, String password, String objectId, String displayName,
                           List<String> appRoles, List<String> directoryRoles) {
    }

    public static final Operator HELPDESK = new Operator("helpdesk", "helpdesk-demo", DemoPeople.id(20), "Hana Helpdesk",
            List.of("TapDesk.Helpdesk"), List.of(AUTHENTICATION_ADMINISTRATOR));
    public static final Operator ADMIN = new Operator("admin", "admin-demo", DemoPeople.id(21), "Adam Admin",
            List.of("TapDesk.Admin"), List.of(PRIVILEGED_AUTHENTICATION_ADMINISTRATOR, GLOBAL_READER));
    public static final Operator APPROVER = new Operator("approver", "approver-demo", DemoPeople.id(22), "Avery Approver",
            List.of("TapDesk.Approver", "TapDesk.Helpdesk"), List.of(AUTHENTICATION_ADMINISTRATOR));
    /** A second approver: two different people deciding on one request at the same moment (FourEyesAttackTest). */
    public static final Operator APPROVER_TWO = new Operator("approver2", "approver2-demo", DemoPeople.id(26), "Bo Backup",
            List.of("TapDesk.Approver"), List.of());
    public static final Operator AUDITOR = new Operator("auditor", "auditor-demo", DemoPeople.id(23), "Audrey Auditor",
            List.of("TapDesk.Auditor"), List.of());
    public static final Operator NOROLE = new Operator("norole", "norole-demo", DemoPeople.id(24), "Nora Norole",
            List.of(), List.of());

    /**
     * A service-desk agent whose PIM activation of Authentication Administrator has ended: TapDesk.Helpdesk, and an
     * ID token whose {@code wids} name only Directory Readers (issue 16: Entra refuses them even for ordinary people).
     */
    public static final Operator LAPSED = new Operator("lapsed", "lapsed-demo", DemoPeople.id(25), "Lars Lapsed",
            List.of("TapDesk.Helpdesk"), List.of(DIRECTORY_READERS));

    /**
     * Onboarding staff (issue 19): the "Starting soon" page only. Authentication Administrator in Entra, because a
     * hand-over demands of its operator the role Entra would demand for the pass (passes.HandingOver.roleRule).
     */
    public static final Operator ONBOARDER = new Operator("onboarder", "onboarder-demo", DemoPeople.id(27), "Olga Onboarding",
            List.of("TapDesk.Onboarding"), List.of(AUTHENTICATION_ADMINISTRATOR));

    public static final List<Operator> ALL = List.of(HELPDESK, ADMIN, APPROVER, APPROVER_TWO, AUDITOR, NOROLE, LAPSED, ONBOARDER);

    /**
     * Sign-ins of the confirmation app (the second client, {@code tapdesk-confirm}; issue 17): people of the directory,
     * not staff, with no app roles and no directory roles. {@code patti} (Patti Fernandez) manages Adele Vance and
     * Megan Bowen; {@code megan} (Megan Bowen) manages Alex Wilber and has no Teams, so a question to her goes by mail;
     * {@code adele} is a person who could try to confirm herself; {@code alex} (Alex Wilber) manages nobody: "not the
     * manager". Their {@code oid} is their person's id.
     */
    public static final Operator PATTI = confirmer("patti", "patti-demo", DemoPeople.PATTI);
    public static final Operator MEGAN = confirmer("megan", "megan-demo", DemoPeople.MEGAN);
    public static final Operator ADELE = confirmer("adele", "adele-demo", DemoPeople.ADELE);
    public static final Operator ALEX = confirmer("alex", "alex-demo", DemoPeople.named("Alex Wilber"));

    public static final List<Operator> CONFIRMERS = List.of(PATTI, MEGAN, ADELE, ALEX);

    private static Operator confirmer(String username, String password, DemoPeople.Person person) {
        return new Operator(username, password, person.id(), person.displayName(), List.of(), List.of());
    }

    /** A sign-in of the demo provider by user name: staff first, then the confirmation app's. */
    public static java.util.Optional<Operator> byUsername(String username) {
        return java.util.stream.Stream.concat(ALL.stream(), CONFIRMERS.stream())
                .filter(o -> o.username().equals(username)).findFirst();
    }

    public static final String TENANT_ID = "8a7f3c5e-5d6b-4a4e-9e7f-2b1c0d9e8f70";

    private DemoOperators() {
    }
}
