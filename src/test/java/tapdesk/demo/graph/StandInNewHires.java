package tapdesk.demo.graph;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import tapdesk.demo.DemoPeople;
import tapdesk.demo.DemoPeople.Behaviour;
import tapdesk.demo.DemoPeople.PassSeed;
import tapdesk.demo.DemoPeople.Person;

/**
 * The stand-in's new hires (issue 19): people with an {@code employeeHireDate} ahead, seeded relative to the
 * stand-in's clock at every reset, their {@code usageLocation}, sign-in methods beyond a password for some, and the
 * switch that throttles one inner request of a {@code $batch}.
 *
 * <p>The seed (zone {@value #ZONE}, the demo's): Noor de Vries (1 day, manager Patti Fernandez), Sam Jansen (2 days,
 * has the Authenticator: recovery, not onboarding), Lotte Bakker (3 days, manager Megan Bowen), Daan Visser (4 days,
 * manager Frank Nomail, who has no mail address), Emma Smit (5 days, no manager), Liam Brown (6 days, US, manager
 * Patti), Ruben Mulder (8 days, manager Patti), Mila de Boer (the first day after the next daylight-saving change in
 * {@value #ZONE}, manager Patti: on the page when that change is within the page's days). Hire dates are 09:00 local of
 * the start day, in UTC, as an HR system writes them.
 */
public final class StandInNewHires {

    public static final String ZONE = "Europe/Amsterdam";

    /** A new hire's HR data as Entra holds it. */
    public record HireData(Instant hireDate, String usageLocation) {
    }

    public static final Person NOOR = person(1, "Noor de Vries", "noor.devries");
    public static final Person SAM = person(2, "Sam Jansen", "sam.jansen");
    public static final Person LOTTE = person(3, "Lotte Bakker", "lotte.bakker");
    public static final Person DAAN = person(4, "Daan Visser", "daan.visser");
    public static final Person EMMA = person(5, "Emma Smit", "emma.smit");
    public static final Person LIAM = person(6, "Liam Brown", "liam.brown");
    public static final Person RUBEN = person(7, "Ruben Mulder", "ruben.mulder");
    public static final Person MILA = person(8, "Mila de Boer", "mila.deboer");
    /** A manager without a mail address (Daan Visser's): no link can reach him. */
    public static final Person FRANK = new Person("6e1f0c2a-7d3b-4c8e-9a61-000000009999", "Frank Nomail",
            "frank.nomail@contoso.test", null, true, "Member", false, "Warehouse Lead", "Logistics", false,
            Behaviour.NORMAL, PassSeed.NONE);

    /** The Authenticator, as the methods list answers it (Sam Jansen's). */
    static final Map<String, Object> AUTHENTICATOR = Map.of("@odata.type", "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
            "id", "a9", "displayName", "Pixel 9", "deviceTag", "SoftwareTokenActivated", "phoneAppVersion", "6.8.12");

    private final Map<String, HireData> hires = new ConcurrentHashMap<>();
    private final Map<String, List<Map<String, Object>>> methods = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttleInner = new ConcurrentHashMap<>();
    private final AtomicInteger pageSize = new AtomicInteger(100);

    /** Ids end in 99: DemoPeople.details gives them a password only, ordinary memberships and no manager of its own. */
    private static Person person(int n, String name, String user) {
        String upn = user + "@contoso.test";
        return new Person(String.format("7e1f0c2a-7d3b-4c8e-9a61-%010d99", n), name, upn, upn, true, "Member", false,
                "New colleague", "Operations", false, Behaviour.NORMAL, PassSeed.NONE);
    }

    void clear() {
        hires.clear();
        methods.clear();
        throttleInner.clear();
        pageSize.set(100);
    }

    /** The demo's eight new hires, relative to {@code now}. */
    void seed(StandInState state, Instant now) {
        ZoneId zone = ZoneId.of(ZONE);
        LocalDate today = now.atZone(zone).toLocalDate();
        List<Person> people = List.of(NOOR, SAM, LOTTE, DAAN, EMMA, LIAM, RUBEN, MILA, FRANK);
        state.add(people);
        hire(NOOR, today.plusDays(1), zone, "NL", DemoPeople.PATTI.id());
        hire(SAM, today.plusDays(2), zone, "NL", DemoPeople.PATTI.id());
        methods.put(SAM.id(), List.of(DemoPeople.details(SAM).methods().get(0), AUTHENTICATOR));
        hire(LOTTE, today.plusDays(3), zone, "NL", DemoPeople.MEGAN.id());
        hire(DAAN, today.plusDays(4), zone, "NL", FRANK.id());
        hire(EMMA, today.plusDays(5), zone, "NL", null);
        hire(LIAM, today.plusDays(6), ZoneId.of("America/New_York"), "US", DemoPeople.PATTI.id());
        hire(RUBEN, today.plusDays(8), zone, "NL", DemoPeople.PATTI.id());
        ZoneOffsetTransition change = zone.getRules().nextTransition(now);
        LocalDate afterChange = change.getInstant().atZone(zone).toLocalDate().plusDays(1);
        hire(MILA, afterChange, zone, "NL", DemoPeople.PATTI.id());
        state.managersOfNewHires(managers);
        managers.clear();
    }

    private final Map<String, String> managers = new ConcurrentHashMap<>();

    private void hire(Person p, LocalDate day, ZoneId zone, String location, String managerId) {
        hires.put(p.id().toLowerCase(Locale.ROOT), new HireData(ZonedDateTime.of(day, LocalTime.of(9, 0), zone).toInstant(), location));
        managers.put(p.id(), managerId == null ? "" : managerId);
    }

    /**
     * Tests: {@code count} more new hires starting from {@code firstDay} (local, {@value #ZONE}) on, one day apart in
     * turn over {@code days} days, each password-only with Patti Fernandez as manager; their ids in order.
     */
    public List<String> seedMany(StandInState state, int count, LocalDate firstDay, int days) {
        ZoneId zone = ZoneId.of(ZONE);
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String upn = String.format("hire%03d@contoso.test", i);
            people.add(new Person(String.format("8e1f0c2a-7d3b-4c8e-9a61-%010d99", i), String.format("New Hire %03d", i), upn, upn,
                    true, "Member", false, "New colleague", "Operations", false, Behaviour.NORMAL, PassSeed.NONE));
        }
        state.add(people);
        for (int i = 0; i < count; i++) {
            hire(people.get(i), firstDay.plusDays(i % Math.max(1, days)), zone, "NL", DemoPeople.PATTI.id());
        }
        state.managersOfNewHires(managers);
        managers.clear();
        return people.stream().map(Person::id).toList();
    }

    /** The person's hire data, when they are a new hire. */
    public Optional<HireData> hire(String personId) {
        return Optional.ofNullable(hires.get(personId.toLowerCase(Locale.ROOT)));
    }

    /** Tests: the person's sign-in methods from now on (instead of DemoPeople's). */
    public void methods(String personId, List<Map<String, Object>> now) {
        methods.put(personId, List.copyOf(now));
    }

    /** Tests: the person gets the Authenticator (a method other than a password) from now on. */
    public void addAuthenticator(String personId, StandInState state) {
        var person = state.person(personId).orElseThrow();
        methods.put(personId, List.of(DemoPeople.details(person).methods().get(0), AUTHENTICATOR));
    }

    Optional<List<Map<String, Object>>> methods(String personId) {
        return Optional.ofNullable(methods.get(personId));
    }

    /** Tests: the next {@code times} inner {@code $batch} reads of this person's methods answer 429 (Retry-After as set). */
    public void throttleInner(String personId, int times) {
        throttleInner.put(personId.toLowerCase(Locale.ROOT), new AtomicInteger(times));
    }

    /** Whether this inner read is throttled (counts it down). */
    boolean takeThrottle(String personId) {
        AtomicInteger left = throttleInner.get(personId.toLowerCase(Locale.ROOT));
        return left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    /** Tests: how many users one page of the hire-date query holds. */
    public void pageSize(int size) {
        pageSize.set(Math.max(1, size));
    }

    int pageSize() {
        return pageSize.get();
    }
}
