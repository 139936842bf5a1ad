package tapdesk.demo.graph;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import tapdesk.demo.DemoClock;
import tapdesk.demo.DemoPeople.Person;
import tapdesk.demo.DemoPeople;

/**
 * What the Graph stand-in remembers: the directory, each person's pass (one at most, a new one replaces the old),
 * a settable clock, the tenant's pass policy, and how often each person was sent a create.
 * It keeps no pass value: like Graph, it returns the value once, in the create's answer.
 */
public final class StandInState {

    private final StandInOutbox outbox = new StandInOutbox();
    private final StandInMail mail = new StandInMail(outbox, this);
    private final StandInNewHires newHires = new StandInNewHires();

    /** The new hires (issue 19): hire dates, usage locations, their methods, the inner throttle of {@code $batch}. */
    public StandInNewHires newHires() {
        return newHires;
    }

    /**
     * Tests: {@code count} more new hires (password only, manager Patti Fernandez), their start days spread over
     * {@code days} days from {@code firstDay} (local, Europe/Amsterdam); their ids in order. Gone at the next reset.
     */
    public List<String> seedNewHires(int count, java.time.LocalDate firstDay, int days) {
        return newHires.seedMany(this, count, firstDay, days);
    }

    /** The new hires' managers ({@code ""}: none), as the seed sets them. */
    void managersOfNewHires(Map<String, String> byPerson) {
        byPerson.forEach((person, manager) -> managers.put(person.toLowerCase(java.util.Locale.ROOT), manager));
    }

    /** App-only sendMail, with its test switches (a reset clears them). */
    public StandInMail mail() {
        return mail;
    }

    /** The mails and chat messages Graph "sent" (a reset empties it). */
    public StandInOutbox outbox() {
        return outbox;
    }

    /** Whose manager a test changed ({@link #manager}): the manager's id, or "" for none. */
    private final Map<String, String> managers = new ConcurrentHashMap<>();
    /** People whose manager is an organisational contact (who cannot sign in). */
    private final java.util.Set<String> contactManagers = ConcurrentHashMap.newKeySet();
    /** People without Teams: a chat with them, or from them, answers 403 (DemoPeople.hasTeams, changed by tests). */
    private final java.util.Set<String> withoutTeams = ConcurrentHashMap.newKeySet();
    /** The chats created, by id: their members' object ids. */
    private final Map<String, List<String>> chats = new ConcurrentHashMap<>();

    /** Tests: {@code personId}'s manager from now on ({@code managerId} null: none), between question and answer. */
    public void manager(String personId, String managerId) {
        managers.put(personId.toLowerCase(java.util.Locale.ROOT), managerId == null ? "" : managerId);
        contactManagers.remove(personId.toLowerCase(java.util.Locale.ROOT));
    }

    /** Tests: {@code personId}'s manager is an organisational contact from now on. */
    public void contactManager(String personId) {
        contactManagers.add(personId.toLowerCase(java.util.Locale.ROOT));
    }

    boolean managerIsContact(String personId) {
        return contactManagers.contains(personId.toLowerCase(java.util.Locale.ROOT));
    }

    /** The person's manager's id now: the seed's, unless a test changed it. */
    public Optional<String> managerId(Person person) {
        String changed = managers.get(person.id().toLowerCase(java.util.Locale.ROOT));
        String id = changed != null ? changed : DemoPeople.details(person).managerId();
        return id == null || id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    /** Tests: whether {@code personId} has Teams (without it, a chat with them answers 403). */
    public void teams(String personId, boolean has) {
        if (has) {
            withoutTeams.remove(personId.toLowerCase(java.util.Locale.ROOT));
        } else {
            withoutTeams.add(personId.toLowerCase(java.util.Locale.ROOT));
        }
    }

    boolean hasTeams(String personId) {
        return personId != null && !withoutTeams.contains(personId.toLowerCase(java.util.Locale.ROOT));
    }

    Map<String, List<String>> chats() {
        return chats;
    }


    /** A pass as Graph stores it. */
    public record Pass(String id, Instant created, Instant start, int lifetimeMinutes, boolean usableOnce, boolean used,
                       boolean disabledByPolicy) {

        String reason(Instant now) {
            if (disabledByPolicy) {
                return "DisabledByPolicy";
            }
            if (used) {
                return "OneTimeUsed";
            }
            if (now.isBefore(start)) {
                return "NotYetValid";
            }
            if (!now.isBefore(start.plus(Duration.ofMinutes(lifetimeMinutes)))) {
                return "Expired";
            }
            return "EnabledByPolicy";
        }
    }

    /**
     * The tenant's Temporary Access Pass policy, as far as the stand-in enforces it. {@code includeTargets} and
     * {@code excludeTargets} are object ids of users or groups ({@code all_users} included): a pass made for someone
     * outside them comes back "DisabledByPolicy", as Graph's does.
     */
    public record Policy(boolean enabled, int minimumLifetime, int maximumLifetime, int defaultLifetime, int length,
                         boolean usableOnceOnly, List<String> includeTargets, List<String> excludeTargets) {

        /** The demo's targets: all users, except the group "Contractors (no passes)" (Irvin Sayers is in it). */
        public Policy(boolean enabled, int minimumLifetime, int maximumLifetime, int defaultLifetime, int length,
                      boolean usableOnceOnly) {
            this(enabled, minimumLifetime, maximumLifetime, defaultLifetime, length, usableOnceOnly,
                    List.of(ALL_USERS), List.of(DemoPeople.NO_PASS_GROUP));
        }

        public static Policy defaults() {
            return new Policy(true, 60, 480, 60, 8, false);
        }

        /** The same policy with other targets. */
        public Policy targets(List<String> include, List<String> exclude) {
            return new Policy(enabled, minimumLifetime, maximumLifetime, defaultLifetime, length, usableOnceOnly,
                    List.copyOf(include), List.copyOf(exclude));
        }

        /** Whether a pass for this person works: included (by id, group or all users) and not excluded. */
        boolean targets(Person person) {
            List<String> ids = new ArrayList<>();
            ids.add(person.id());
            DemoPeople.details(person).memberOf().forEach(m -> ids.add(String.valueOf(m.get("id"))));
            return ids.stream().noneMatch(excludeTargets::contains)
                    && (includeTargets.contains(ALL_USERS) || ids.stream().anyMatch(includeTargets::contains));
        }
    }

    /** Entra's id for every user in a policy's include targets. */
    public static final String ALL_USERS = "all_users";

    /** The reads that tell whether someone is privileged; each can be made to fail on its own. */
    public enum Read {
        MEMBERSHIPS, OWNED_OBJECTS, ROLE_ELIGIBILITY, GROUP_ELIGIBILITY,
        /** {@code GET /groups?$filter=isAssignableToRole eq true}: the app-only owned-groups read's list. */
        ROLE_ASSIGNABLE_GROUPS,
        /** {@code GET /groups/{id}/owners}: the app-only owned-groups read's owners. */
        GROUP_OWNERS
    }

    /**
     * The card's other calls; each can be made to fail on its own ({@link #fail(Call, int)}) while the rest answer:
     * the methods list, the pass list ({@code temporaryAccessPassMethods}), a pass's delete.
     */
    public enum Call { METHODS, PASS_LIST, PASS_DELETE }

    /** Who made a privilege read: the stand-in decodes it from the Authorization header it received. */
    public record ReadCaller(Read read, boolean appOnly, String objectId, List<String> directoryRoles) {
    }

    /** How many items a page of a collection holds by default: small, so every client has to page. */
    public static final int PAGE_SIZE = 2;

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789+$!#%&@";

    private final Map<String, Person> people = new ConcurrentHashMap<>();
    private final Map<String, Pass> passes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> creates = new ConcurrentHashMap<>();
    private final AtomicReference<Duration> clockOffset = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Policy> policy = new AtomicReference<>(Policy.defaults());
    private final AtomicReference<String> nextValue = new AtomicReference<>();
    private final AtomicReference<Duration> slowDelay = new AtomicReference<>(Duration.ofSeconds(2));
    private final SecureRandom random = new SecureRandom();
    private final java.util.Set<Integer> tokensSeen = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> accessTokens = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private final AtomicInteger policyReads = new AtomicInteger();
    private final AtomicReference<Duration> createDelay = new AtomicReference<>(Duration.ZERO);
    private final java.util.concurrent.atomic.AtomicBoolean valueMissing = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicBoolean appOnlyCreateRefused = new java.util.concurrent.atomic.AtomicBoolean();

    private final Map<Read, Integer> failing = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean pimLicensed = new java.util.concurrent.atomic.AtomicBoolean(true);
    private final AtomicInteger pageSize = new AtomicInteger(PAGE_SIZE);
    private final List<ReadCaller> readCallers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<Call, Integer> failingCalls = new ConcurrentHashMap<>();
    private final AtomicReference<String> retryAfter = new AtomicReference<>(THROTTLE_SECONDS);
    private final Map<String, Instant> settingUp = new ConcurrentHashMap<>();
    private final Map<Call, Duration> callDelays = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean advancedQueries = new java.util.concurrent.atomic.AtomicBoolean(true);
    private final Map<String, Phones> phones = new ConcurrentHashMap<>();

    /** A person's phones as the directory holds them now, when a test changed them ({@link #phones(String, Phones)}). */
    public record Phones(String mobilePhone, List<String> businessPhones) {
    }

    /** The {@code Retry-After} of a throttled answer unless a test sets another (Graph sends whole or decimal seconds). */
    public static final String THROTTLE_SECONDS = "1.5";

    /** The time the stand-in's clock starts from; {@link #advanceClock} moves it on top. */
    private final Clock base;

    /** On the tests' clock (TAPDESK_TEST_CLOCK, else system time), like the app it answers. */
    public StandInState() {
        this(DemoClock.shared());
    }

    /** On {@code base}: the stand-in's own tests run it at chosen instants. */
    public StandInState(Clock base) {
        this.base = base;
        reset();
    }

    /** Back to the seed: the demo's people and their passes, the default policy, the clock not advanced. */
    public synchronized void reset() {
        outbox.clear();
        mail.clear();
        managers.clear();
        contactManagers.clear();
        chats.clear();
        withoutTeams.clear();
        DemoPeople.seed().stream().filter(p -> !DemoPeople.hasTeams(p)).forEach(p -> withoutTeams.add(p.id().toLowerCase(java.util.Locale.ROOT)));
        people.clear();
        passes.clear();
        creates.clear();
        tokensSeen.clear();
        accessTokens.clear();
        clockOffset.set(Duration.ZERO);
        policy.set(Policy.defaults());
        delay.set(Duration.ZERO);
        policyReads.set(0);
        slowDelay.set(Duration.ofSeconds(2));
        slowProfile.set(true);
        nextValue.set(null);
        createDelay.set(Duration.ZERO);
        valueMissing.set(false);
        appOnlyCreateRefused.set(false);
        failing.clear();
        pimLicensed.set(true);
        pageSize.set(PAGE_SIZE);
        readCallers.clear();
        failingCalls.clear();
        retryAfter.set(THROTTLE_SECONDS);
        settingUp.clear();
        callDelays.clear();
        advancedQueries.set(true);
        phones.clear();
        appOnlyCreatesRefused.clear();
        Instant now = now();
        for (Person p : DemoPeople.seed()) {
            people.put(p.id(), p);
            switch (p.pass()) {
                case USABLE -> passes.put(p.id(), new Pass(UUID.randomUUID().toString(), now.minusSeconds(600),
                        now.minusSeconds(600), 120, true, false, false));
                case EXPIRED -> passes.put(p.id(), new Pass(UUID.randomUUID().toString(), now.minus(Duration.ofDays(2)),
                        now.minus(Duration.ofDays(2)), 60, true, false, false));
                case NOT_YET_VALID -> passes.put(p.id(), new Pass(UUID.randomUUID().toString(), now.minusSeconds(60),
                        now.plus(Duration.ofHours(20)), 480, false, false, false));
                case NONE -> { }
            }
        }
        newHires.clear();
        newHires.seed(this, now);
    }

    /** The stand-in's clock: its base clock, plus what {@link #advanceClock} added since the last reset. */
    public Instant now() {
        return base.instant().plus(clockOffset.get());
    }

    /** Moves the stand-in's clock, so passes become valid or expire. */
    public void advanceClock(Duration by) {
        clockOffset.updateAndGet(d -> d.plus(by));
    }

    /** Adds people (the load run's own, so 50 agents do not queue for the same few). */
    public void add(List<Person> more) {
        more.forEach(p -> people.put(p.id(), p));
    }

    public Optional<Person> person(String idOrUpn) {
        Person byId = people.get(idOrUpn.toLowerCase());
        if (byId != null) {
            return Optional.of(byId);
        }
        return people.values().stream().filter(p -> p.userPrincipalName().equalsIgnoreCase(idOrUpn)).findFirst();
    }

    /** An administrator changes the person's phones in the directory (until the next reset): the profile answers these. */
    public void phones(String userId, Phones now) {
        phones.put(userId.toLowerCase(), now);
    }

    /** The person's phones if a test changed them, else empty (the seed's, {@link DemoPeople#details}). */
    public Optional<Phones> phones(String userId) {
        return Optional.ofNullable(phones.get(userId.toLowerCase()));
    }

    public List<Person> people() {
        return new ArrayList<>(people.values());
    }

    public Optional<Pass> pass(String userId) {
        return Optional.ofNullable(passes.get(userId));
    }

    /** Creates a pass (replacing any) and returns it with its value; the value is not kept. */
    public synchronized Created create(Person person, Instant start, int lifetime, boolean usableOnce) {
        Instant created = now();
        Pass pass = new Pass(UUID.randomUUID().toString(), created, start == null ? created.minusMillis(900) : start,
                lifetime, usableOnce, false, !policy.get().targets(person));
        passes.put(person.id(), pass);
        String preset = nextValue.getAndSet(null);
        return new Created(pass, preset != null ? preset : randomValue(policy.get().length()));
    }

    public record Created(Pass pass, String value) {
    }

    public boolean delete(String userId, String passId) {
        Pass pass = passes.get(userId);
        return pass != null && pass.id().equals(passId) && passes.remove(userId, pass);
    }

    /** Marks a one-time pass as signed in with. */
    public void markUsed(String userId) {
        passes.computeIfPresent(userId, (k, p) -> new Pass(p.id(), p.created(), p.start(), p.lifetimeMinutes(),
                p.usableOnce(), true, p.disabledByPolicy()));
    }

    /** Counts a create request as it arrives, whatever its outcome. */
    void recordCreateAttempt(String userId) {
        creates.computeIfAbsent(userId, k -> new AtomicInteger()).incrementAndGet();
    }

    /** How many create requests reached the stand-in for this person (re-sends included). */
    public int createAttempts(String userId) {
        AtomicInteger count = creates.get(userId);
        return count == null ? 0 : count.get();
    }

    void recordToken(String authorization) {
        tokensSeen.add(authorization.hashCode());
        if (authorization.startsWith("Bearer ")) {
            accessTokens.add(authorization.substring("Bearer ".length()));
        }
    }

    /** The access tokens that called since the last reset (TokensAtRestTest looks for them in the database). */
    public java.util.Set<String> accessTokens() {
        return java.util.Set.copyOf(accessTokens);
    }

    /** How many different access tokens called since the last reset (a refreshed token is a new one). */
    public int distinctTokens() {
        return tokensSeen.size();
    }

    /** A fixed delay on every answer (the benchmark's D). */
    public void delay(Duration fixed) {
        delay.set(fixed);
    }

    public Duration delay() {
        return delay.get();
    }

    void recordPolicyRead() {
        policyReads.incrementAndGet();
    }

    /** How many times the tenant policy was read since the last reset. */
    public int policyReads() {
        return policyReads.get();
    }

    public Policy policy() {
        return policy.get();
    }

    public void policy(Policy newPolicy) {
        policy.set(newPolicy);
    }

    /** How long each create takes to answer (the pass exists from its start); reads answer at once. */
    public void createDelay(Duration delay) {
        createDelay.set(delay);
    }

    public Duration createDelay() {
        return createDelay.get();
    }

    /** The next create makes the pass but answers 201 with {@code "temporaryAccessPass": null}. */
    public void nextValueMissing() {
        valueMissing.set(true);
    }

    /**
     * The next app-only create answers 403 (issue 19: Graph does not document whether it refuses app-only creation for
     * protected people; the pickup shows its own message for it).
     */
    public void nextAppOnlyCreateRefused() {
        appOnlyCreateRefused.set(true);
    }

    boolean takeAppOnlyCreateRefused() {
        return appOnlyCreateRefused.getAndSet(false);
    }

    boolean takeValueMissing() {
        return valueMissing.getAndSet(false);
    }

    /** The value the next create hands out (for the leak test: a value to search for). */
    public void nextPassValue(String value) {
        nextValue.set(value);
    }

    private final java.util.concurrent.atomic.AtomicBoolean slowProfile = new java.util.concurrent.atomic.AtomicBoolean(true);

    /** Whether the slow person's profile read is slow too (false: only the card's other parts are). */
    public void slowProfile(boolean slow) {
        slowProfile.set(slow);
    }

    public boolean slowProfile() {
        return slowProfile.get();
    }

    public Duration slowDelay() {
        return slowDelay.get();
    }

    public void slowDelay(Duration delay) {
        slowDelay.set(delay);
    }

    /** Every answer of {@code read} becomes an error with this status (403, 404, 500, 503 ...), on every page. */
    public void fail(Read read, int status) {
        failing.put(read, status);
    }

    Optional<Integer> failure(Read read) {
        return Optional.ofNullable(failing.get(read));
    }

    /** Every answer of {@code call} becomes an error with this status (403, 404, 429, 500, 503 ...); the rest answer. */
    public void fail(Call call, int status) {
        failingCalls.put(call, status);
    }

    Optional<Integer> failure(Call call) {
        return Optional.ofNullable(failingCalls.get(call));
    }

    /** Every answer of {@code call} takes this long (the others answer at once): a card part that times out alone. */
    public void delay(Call call, Duration by) {
        callDelays.put(call, by);
    }

    Duration delay(Call call) {
        return callDelays.getOrDefault(call, Duration.ZERO);
    }

    /** The {@code Retry-After} (seconds, as Graph writes it) of every throttled answer from now on. */
    public void retryAfter(String seconds) {
        retryAfter.set(seconds);
    }

    public String retryAfter() {
        return retryAfter.get();
    }

    /**
     * A brand-new account: for {@code forHowLong} on the stand-in's clock, the authentication-methods part of Graph
     * answers 404 for this person (methods, passes, create, delete) while the profile reads fine, as Graph does right
     * after an account is created (docs/graph.md §6, replication delay).
     */
    public void settingUp(String userId, Duration forHowLong) {
        settingUp.put(userId, now().plus(forHowLong));
    }

    boolean settingUp(String userId) {
        Instant until = settingUp.get(userId);
        return until != null && now().isBefore(until);
    }

    /**
     * Whether advanced queries work ({@code $search}, {@code $count}, {@code $orderby} with {@code $filter}). False: a
     * tenant or proxy where they do not: {@code $search} is refused although {@code ConsistencyLevel: eventual} was
     * sent (the header is dropped on the way), as Graph refuses it without the header.
     */
    public void advancedQueries(boolean work) {
        advancedQueries.set(work);
    }

    public boolean advancedQueries() {
        return advancedQueries.get();
    }

    /**
     * Whether the tenant holds a PIM licence (Entra ID P2 or ID Governance). Without one, the PIM reads answer 400
     * {@code AadPremiumLicenseRequired}, as Graph does (docs/graph.md §8).
     */
    public void pimLicensed(boolean licensed) {
        pimLicensed.set(licensed);
    }

    public boolean pimLicensed() {
        return pimLicensed.get();
    }

    /** How many items a page holds (Graph may return fewer than $top asked for, and clients must follow nextLink). */
    public void pageSize(int size) {
        pageSize.set(Math.max(1, size));
    }

    public int pageSize() {
        return pageSize.get();
    }

    private final java.util.Set<String> appOnlyCreatesRefused = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Tests and the demo: app-only creates of a pass for {@code personId} answer 403 {@code accessDenied} from now on
     * (until the next reset), as Graph might for a protected person such as an administrator: Microsoft does not
     * document whether it refuses app-only creation there (README "What to test in your tenant before enabling pickup
     * for protected people"). Delegated creates are not affected.
     */
    public void refuseAppOnlyCreates(String personId) {
        appOnlyCreatesRefused.add(personId.toLowerCase(java.util.Locale.ROOT));
    }

    boolean appOnlyCreatesRefused(String personId) {
        return appOnlyCreatesRefused.contains(personId.toLowerCase(java.util.Locale.ROOT));
    }

    void recordReadCaller(Read read, Caller caller) {
        readCallers.add(new ReadCaller(read, caller.appOnly(), caller.objectId(), caller.directoryRoles()));
    }

    /** Who made each privilege read since the last reset, in order. */
    public List<ReadCaller> readCallers() {
        return List.copyOf(readCallers);
    }

    private String randomValue(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
