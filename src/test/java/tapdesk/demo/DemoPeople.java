package tapdesk.demo;

import java.util.List;
import java.util.Map;

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
        /** Everything works but the memberships: transitiveMemberOf answers 404 (as seen live). */
        MEMBERSHIPS_NOT_FOUND
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
    public static final Person IRVIN = member(18, "Irvin Sayers", "irvin.sayers", "Sales Representative", "Sales", Behaviour.NORMAL, PassSeed.NONE);
    public static final Person CHRISTIE = member(19, "Christie Cline", "christie.cline", "Buyer", "Retail", Behaviour.GATEWAY_TIMEOUT, PassSeed.NONE);
    /** Only eligible (PIM) for Global Administrator: no active role, yet Entra protects him like an administrator. */
    public static final Person ALLAN = new Person(id(30), "Allan Deyoung", "allan.deyoung@contoso.test", "allan.deyoung@contoso.test",
            true, "Member", false, "IT Admin", "IT", true, Behaviour.NORMAL, PassSeed.NONE);
    /** Only eligible (PIM for Groups) to become a member of the role-assignable group "Tier-0 Helpers". */
    public static final Person EMILY = new Person(id(31), "Emily Braun", "emily.braun@contoso.test", "emily.braun@contoso.test",
            true, "Member", false, "Budget Analyst", "Finance", true, Behaviour.NORMAL, PassSeed.NONE);
    /** Owner of the role-assignable group "Tier-0 Helpers" (not a member): he can add anyone, himself included. */
    public static final Person ENRICO = new Person(id(32), "Enrico Cattaneo", "enrico.cattaneo@contoso.test", "enrico.cattaneo@contoso.test",
            true, "Member", false, "Attorney", "Legal", true, Behaviour.NORMAL, PassSeed.NONE);
    /** Four memberships: the directory role is the fourth, on the second page of transitiveMemberOf. */
    public static final Person RAUL = new Person(id(33), "Raul Razo", "raul.razo@contoso.test", "raul.razo@contoso.test",
            true, "Member", false, "Messaging Engineer", "IT", true, Behaviour.NORMAL, PassSeed.NONE);

    /** Her memberships answer 404: TapDesk cannot tell whether she is privileged. */
    public static final Person CAMERON = member(34, "Cameron White", "cameron.white", "Sales Manager", "Sales",
            Behaviour.MEMBERSHIPS_NOT_FOUND, PassSeed.NONE);

    public static final Person PRADEEP = new Person(id(9), "Pradeep Gupta", "pradeep_fabrikam.com#EXT#@contoso.test",
            "pradeep@fabrikam.test", true, "Guest", true, null, null, false, Behaviour.NORMAL, PassSeed.NONE);

    /** What the card shows beyond the profile: phones, source, manager, sign-in methods, memberships. */
    public record Details(String mobilePhone, List<String> businessPhones, Boolean onPremisesSyncEnabled, String managerId,
                          List<Map<String, Object>> methods, List<Map<String, Object>> memberOf) {
    }

    public static final String TIER0_GROUP = "9b2d7c1e-0000-4000-8000-000000000001";
    /** A group the demo configures as protected (tapdesk.guardrails.protected-groups). */
    public static final String EXECUTIVES_GROUP = "9b2d7c1e-0000-4000-8000-000000000002";
    /** The group the demo's pass policy excludes (its excludeTargets); Irvin Sayers is a member. */
    public static final String NO_PASS_GROUP = "9b2d7c1e-0000-4000-8000-000000000003";
    /** A role-assignable group nobody in the demo belongs to or owns (the app-only owned-groups read pages past it). */
    public static final String TIER1_GROUP = "9b2d7c1e-0000-4000-8000-000000000004";

    private static Map<String, Object> method(String type, Object... fields) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("@odata.type", "#microsoft.graph." + type);
        for (int i = 0; i < fields.length; i += 2) {
            m.put((String) fields[i], fields[i + 1]);
        }
        return m;
    }

    private static final Map<String, Object> PASSWORD = method("passwordAuthenticationMethod",
            "id", "28c10230-6103-485e-b985-444c60001490", "password", null, "createdDateTime", "2023-01-10T09:00:00Z");

    private static Map<String, Object> role(String name) {
        return Map.of("@odata.type", "#microsoft.graph.directoryRole", "id", java.util.UUID.nameUUIDFromBytes(name.getBytes()).toString(),
                "displayName", name, "roleTemplateId", java.util.UUID.nameUUIDFromBytes(name.getBytes()).toString());
    }

    /** Entra's template id of Global Administrator, as role definitions carry it. */
    public static final String GLOBAL_ADMINISTRATOR_TEMPLATE = "62e90394-69f5-4237-9190-012177145e10";

    /** A directory role someone is eligible for through PIM (a role definition, as Graph names it). */
    public record EligibleRole(String principalId, String roleDefinitionId, String displayName) {
    }

    /** An eligibility of PIM for Groups: {@code access} is Graph's accessId, "member" or "owner". */
    public record GroupEligibility(String principalId, String groupId, String access) {
    }

    /** A seeded group: the stand-in answers it inside memberships, ownedObjects and expanded eligibilities. */
    public record SeedGroup(String id, String displayName, boolean roleAssignable) {
    }

    public static final SeedGroup TIER0 = new SeedGroup(TIER0_GROUP, "Tier-0 Helpers", true);

    /** Who is eligible for which directory role through PIM. */
    public static List<EligibleRole> eligibleRoles() {
        return List.of(new EligibleRole(ALLAN.id(), GLOBAL_ADMINISTRATOR_TEMPLATE, "Global Administrator"));
    }

    /** Who is eligible for which group through PIM for Groups. */
    public static List<GroupEligibility> groupEligibilities() {
        return List.of(new GroupEligibility(EMILY.id(), TIER0_GROUP, "member"));
    }

    /** A second role-assignable group, owned by no person (only by an automation's service principal). */
    public static final SeedGroup TIER1 = new SeedGroup(TIER1_GROUP, "Tier-1 Admins", true);

    /** The service principal that owns both role-assignable groups (an owner is a user or a service principal). */
    public static final String AUTOMATION_PRINCIPAL = "7a1c0e3d-0000-4000-8000-00000000a001";

    /** Which groups each person owns. */
    public static Map<String, List<SeedGroup>> ownedGroups() {
        return Map.of(ENRICO.id(), List.of(TIER0));
    }

    /**
     * The tenant's role-assignable groups ({@code GET /groups?$filter=isAssignableToRole eq true}), Tier-1 first: with
     * pages of one the group Enrico owns is on the second page.
     */
    public static List<SeedGroup> roleAssignableGroups() {
        return List.of(TIER1, TIER0);
    }

    /**
     * A group's owners ({@code GET /groups/{id}/owners}) as object ids: the automation's service principal first, then
     * the people whose {@link #ownedGroups()} name the group, so the app-only answer agrees with ownedObjects and, with
     * pages of one, the person is on the second page.
     */
    public static List<String> groupOwners(String groupId) {
        List<String> owners = new java.util.ArrayList<>(List.of(AUTOMATION_PRINCIPAL));
        ownedGroups().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> e.getValue().stream().anyMatch(g -> g.id().equalsIgnoreCase(groupId)))
                .forEach(e -> owners.add(e.getKey()));
        return owners;
    }

    /** A seeded group by id (the stand-in expands eligibilities with it). */
    public static java.util.Optional<SeedGroup> group(String id) {
        return roleAssignableGroups().stream().filter(g -> g.id().equalsIgnoreCase(id)).findFirst();
    }

    private static Map<String, Object> group(String id, String name, boolean roleAssignable) {
        return Map.of("@odata.type", "#microsoft.graph.group", "id", id, "displayName", name, "isAssignableToRole", roleAssignable,
                "securityEnabled", true);
    }

    public static Details details(Person p) {
        List<Map<String, Object>> passwordOnly = List.of(PASSWORD);
        List<Map<String, Object>> staff = List.of(group("9b2d7c1e-0000-4000-8000-000000000009", "All Staff", false));
        return switch (p.id().substring(p.id().length() - 2)) {
            case "01" -> new Details("+31 6 1234 5678", List.of("+31 20 555 0101"), null, PATTI.id(), List.of(PASSWORD,
                    method("phoneAuthenticationMethod", "id", "3179e48a-750b-4051-897c-87b9720928f7", "phoneNumber", "+31 612345678",
                            "phoneType", "mobile", "smsSignInState", "notSupported"),
                    method("emailAuthenticationMethod", "id", "3ddfcfc8-9383-446f-83cc-3ab9be4be18f", "emailAddress", "adele@home.example")), staff);
            case "02" -> new Details(null, List.of("+31 20 555 0102"), true, MEGAN.id(), passwordOnly,
                    List.of(group(TIER0_GROUP, "Tier-0 Helpers", true)));
            case "03" -> new Details("+31 6 2222 3333", List.of(), true, PATTI.id(), List.of(PASSWORD,
                    method("microsoftAuthenticatorAuthenticationMethod", "id", "a1", "displayName", "iPhone 15", "deviceTag", "SoftwareTokenActivated",
                            "phoneAppVersion", "6.8.12", "createdDateTime", "2024-05-01T08:00:00.1234567Z"),
                    method("fido2AuthenticationMethod", "id", "-2_GRUg2-HYz6_1YG4YRAQ2", "displayName", "Red key", "model", "YubiKey 5 NFC",
                            "aaGuid", "2fc0579f-8113-47ea-b116-555a8db9202a", "attestationCertificates", List.of("dbe793ef"), "attestationLevel", "attested",
                            "createdDateTime", "2020-08-10T06:44:09Z")), staff);
            case "04" -> new Details(null, List.of(), false, null, List.of(PASSWORD,
                    method("windowsHelloForBusinessAuthenticationMethod", "id", "b5e01f81", "displayName", "Lee's Surface Book",
                            "createdDateTime", "2020-11-27T23:12:49Z", "keyStrength", "normal"),
                    method("platformCredentialAuthenticationMethod", "id", "p1", "displayName", "Lee's MacBook", "platform", "macOS",
                            "keyStrength", "strong"),
                    method("softwareOathAuthenticationMethod", "id", "s1", "secretKey", null),
                    method("qrCodePinAuthenticationMethod", "id", "q1")), staff);
            case "05" -> new Details("+31 6 4444 5555", List.of(), null, null, passwordOnly,
                    List.of(group(EXECUTIVES_GROUP, "Executives", false)));
            case "07" -> new Details(null, List.of(), null, null, List.of(), staff);
            case "10" -> new Details("+31 6 0000 0010", List.of("+31 20 555 0110"), null, null, passwordOnly,
                    List.of(role("Global Administrator")));
            case "18" -> new Details(null, List.of(), null, null, passwordOnly, List.of(staff.get(0),
                    group(NO_PASS_GROUP, "Contractors (no passes)", false)));
            case "20" -> new Details(null, List.of(), null, null, passwordOnly, List.of(role("Authentication Administrator")));
            case "21" -> new Details(null, List.of(), null, null, passwordOnly,
                    List.of(role("Privileged Authentication Administrator"), role("Global Reader")));
            case "33" -> new Details(null, List.of(), null, null, passwordOnly, List.of(staff.get(0),
                    group("9b2d7c1e-0000-4000-8000-000000000010", "Sales Team", false),
                    group("9b2d7c1e-0000-4000-8000-000000000011", "Building A", false),
                    role("Exchange Administrator")));
            default -> new Details(null, List.of(), null, null, passwordOnly, staff);
        };
    }

    /**
     * Whether the person has a Teams licence: Megan Bowen (Alex Wilber's manager) has none, so "ask the manager" for
     * Alex goes by e-mail (Graph answers the chat 403).
     */
    public static boolean hasTeams(Person p) {
        return !p.id().equals(MEGAN.id());
    }

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
                ALLAN, EMILY, ENRICO, RAUL, CAMERON,
                operator(DemoOperators.HELPDESK, false),
                operator(DemoOperators.ADMIN, true),
                operator(DemoOperators.APPROVER, false),
                operator(DemoOperators.AUDITOR, false),
                operator(DemoOperators.NOROLE, false));
    }

    /** A seeded person by display name, for the people without a constant of their own. */
    public static Person named(String displayName) {
        return seed().stream().filter(p -> p.displayName().equals(displayName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no seeded person named " + displayName));
    }

    /** A seeded person by object id (an operator's own account, for instance). */
    public static Person withId(String id) {
        return seed().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no seeded person with id " + id));
    }

    private static Person operator(DemoOperators.Operator op, boolean admin) {
        String upn = op.username() + "@contoso.test";
        return new Person(op.objectId(), op.displayName(), upn, upn, true, "Member", false, "Service Desk", "IT", admin,
                Behaviour.NORMAL, PassSeed.NONE);
    }

    private DemoPeople() {
    }
}
