package tapdesk.demo;

import java.util.List;

/** The directory the Graph stand-in starts with: ordinary people, edge cases, and people whose requests fail. */
public final class DemoPeople {

    /** How the stand-in treats requests about this person. */
    public enum Behaviour {
        NORMAL,
        /** 403 on every authentication-method call, for every operator (restricted administrative unit). */
        FORBIDDEN,
        /** Found by search, then 404: deleted meanwhile. */
        GONE,
        /** Create refused: "Converged UserCredentialPolicy does not allow ...". */
        POLICY_BLOCKED,
        /** 429 with a fractional Retry-After on every authentication-method call. */
        THROTTLED,
        /** 503 on create. */
        UNAVAILABLE,
        /** 504 on create. */
        GATEWAY_TIMEOUT,
        /** The create succeeds, then the connection drops before the answer arrives. */
        DROP_AFTER_CREATE,
        /** Every answer takes {@code slowMillis}. */
        SLOW,
        /** Not in the policy's targets: create answers 201 with a pass disabled by policy. */
        EXCLUDED
    }

    public enum PassSeed { NONE, USABLE, EXPIRED, NOT_YET_VALID }

    public record Person(String id, String displayName, String userPrincipalName, String mail, boolean accountEnabled,
                         String userType, boolean externalGuest, String jobTitle, String department, boolean admin,
                         Behaviour behaviour, PassSeed pass) {
    }

    public static String id(int n) {
        return String.format("5e1f0c2a-7d3b-4c8e-9a61-%012d", n);
    }

    private static Person member(int n, String name, String user, String job, String dept, Behaviour b, PassSeed pass) {
        return new Person(id(n), name, user + "@contoso.test", user + "@contoso.test", true, "Member", false, job, dept,
                false, b, pass);
    }

    public static final Person ADELE = member(1, "Adele Vance", "adele.vance", "Retail Manager", "Retail", Behaviour.NORMAL, PassSeed.NONE);
    public static final Person MEGAN = member(3, "Megan Bowen", "megan.bowen", "Marketing Manager", "Marketing", Behaviour.NORMAL, PassSeed.USABLE);
    public static final Person PATTI = new Person(id(10), "Patti Fernandez", "patti.fernandez@contoso.test", "patti.fernandez@contoso.test",
            true, "Member", false, "President", "Executive", true, Behaviour.NORMAL, PassSeed.NONE);
    public static final Person HENRIETTA = member(11, "Henrietta Mueller", "henrietta.mueller", "Developer", "R&D", Behaviour.FORBIDDEN, PassSeed.NONE);
    public static final Person NESTOR = member(12, "Nestor Wilke", "nestor.wilke", "Director", "Operations", Behaviour.GONE, PassSeed.NONE);
    public static final Person LYNNE = member(13, "Lynne Robbins", "lynne.robbins", "Planner", "Retail", Behaviour.POLICY_BLOCKED, PassSeed.NONE);
    public static final Person LIDIA = member(14, "Lidia Holloway", "lidia.holloway", "Product Manager", "Engineering", Behaviour.THROTTLED, PassSeed.NONE);
    public static final Person MIRIAM = member(15, "Miriam Graham", "miriam.graham", "Director", "Sales", Behaviour.UNAVAILABLE, PassSeed.NONE);
    public static final Person DEBRA = member(16, "Debra Berger", "debra.berger", "Administrative Assistant", "Executive", Behaviour.DROP_AFTER_CREATE, PassSeed.NONE);
    public static final Person JONI = member(17, "Joni Sherman", "joni.sherman", "Paralegal", "Legal", Behaviour.SLOW, PassSeed.NONE);
    public static final Person IRVIN = member(18, "Irvin Sayers", "irvin.sayers", "Sales Representative", "Sales", Behaviour.EXCLUDED, PassSeed.NONE);
    public static final Person CHRISTIE = member(19, "Christie Cline", "christie.cline", "Buyer", "Retail", Behaviour.GATEWAY_TIMEOUT, PassSeed.NONE);
    public static final Person PRADEEP = new Person(id(9), "Pradeep Gupta", "pradeep_fabrikam.com#EXT#@contoso.test",
            "pradeep@fabrikam.test", true, "Guest", true, null, null, false, Behaviour.NORMAL, PassSeed.NONE);

    public static List<Person> seed() {
        return List.of(
                ADELE,
                member(2, "Alex Wilber", "alex.wilber", "Marketing Assistant", "Marketing", Behaviour.NORMAL, PassSeed.NONE),
                MEGAN,
                member(4, "Lee Gu", "lee.gu", "Director", "Manufacturing", Behaviour.NORMAL, PassSeed.EXPIRED),
                member(5, "Isaiah Langer", "isaiah.langer", "Sales Rep", "Sales", Behaviour.NORMAL, PassSeed.NOT_YET_VALID),
                new Person(id(6), "Diego Siciliani", "diego.siciliani@contoso.test", "diego.siciliani@contoso.test", false,
                        "Member", false, "HR Manager", "HR", false, Behaviour.NORMAL, PassSeed.NONE),
                member(7, "Grady Archie", "grady.archie", "Designer", "R&D", Behaviour.NORMAL, PassSeed.NONE),
                new Person(id(8), "Johanna Lorenz", "johanna.lorenz@contoso.test", "johanna.lorenz@contoso.test", true,
                        "Guest", false, "Contractor", "Engineering", false, Behaviour.NORMAL, PassSeed.NONE),
                PRADEEP, PATTI, HENRIETTA, NESTOR, LYNNE, LIDIA, MIRIAM, DEBRA, JONI, IRVIN, CHRISTIE,
                operator(DemoOperators.HELPDESK, false),
                operator(DemoOperators.ADMIN, true),
                operator(DemoOperators.APPROVER, false),
                operator(DemoOperators.AUDITOR, false),
                operator(DemoOperators.NOROLE, false));
    }

    private static Person operator(DemoOperators.Operator op, boolean admin) {
        String upn = op.username() + "@contoso.test";
        return new Person(op.objectId(), op.displayName(), upn, upn, true, "Member", false, "Service Desk", "IT", admin,
                Behaviour.NORMAL, PassSeed.NONE);
    }

    private DemoPeople() {
    }
}
