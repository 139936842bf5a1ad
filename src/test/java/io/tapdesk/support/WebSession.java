package io.tapdesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.unbescape.html.HtmlEscape;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoStack;

/**
 * A browser without a browser: cookies, manual redirects, form posts with the page's CSRF token, and a record of
 * every request and response (the leak test searches them all).
 */
public final class WebSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final DemoStack stack;
    private final boolean keepsHistory;
    private final List<String> trail = new ArrayList<>();
    private final List<HttpResponse<String>> responses = new ArrayList<>();
    private HttpResponse<String> last;
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();
    private DemoOperators.Operator operator;

    /**
     * A field no page sends: put in the fields of an issue form posted through this session ({@link #postFrom}), it
     * makes the agent check the caller first, as the issue needs: {@code "low"} records a check on the card's
     * "Who is calling?" form (in person, photo ID), {@code "medium"} stands for a manager who confirmed
     * ({@link #managerConfirmed}). It is taken out of the form before the form is sent.
     */
    public static final String CHECKED = "test:caller-checked";

    /** A session that keeps every response, so a test can look back at all of them (the leak test does). */
    public WebSession(DemoStack stack) {
        this(stack, true);
    }

    private WebSession(DemoStack stack, boolean keepsHistory) {
        this.stack = stack;
        this.keepsHistory = keepsHistory;
    }

    /**
     * A session for the benchmark and the load run: it keeps only the last response. Thousands of kept pages would
     * be the load generator's garbage, and the collector's pauses would be counted as TapDesk's time.
     */
    public static WebSession withoutHistory(DemoStack stack) {
        return new WebSession(stack, false);
    }

    /** The real authorization-code + PKCE sign-in through the demo identity provider. */
    public HttpResponse<String> signIn(DemoOperators.Operator operator) {
        return signIn(operator, stack.appUrl());
    }

    /** Signs in at the instance at {@code appUrl}. */
    public HttpResponse<String> signIn(DemoOperators.Operator operator, String appUrl) {
        this.operator = operator;
        HttpResponse<String> page = get(appUrl + "/");
        assertThat(page.uri().toString()).as("sent to the identity provider's login page").startsWith(stack.issuer() + "/login");
        return submit(page, stack.issuer() + "/login",
                Map.of("username", operator.username(), "password", operator.password()));
    }

    public HttpResponse<String> get(String pathOrUrl) {
        return follow(send(HttpRequest.newBuilder(uri(pathOrUrl)).GET()));
    }

    /** A GET whose answer is not followed. */
    public HttpResponse<String> getRaw(String pathOrUrl) {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
    }

    /** Posts {@code fields} as they are (no CSRF token added); the answer is not followed. */
    public HttpResponse<String> postRaw(String path, Map<String, String> fields) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(fields))));
    }

    /** Posts a form from {@code page}, with that page's CSRF token. Does not follow the answer's redirect. */
    public HttpResponse<String> postFrom(HttpResponse<String> page, String path, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>(fields);
        String checked = form.remove(CHECKED);
        if (checked != null) {
            ensureChecked(page, path, checked);
        }
        form.put("_csrf", csrf(page));
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    /** Posts a form from {@code page} and follows redirects. */
    public HttpResponse<String> submit(HttpResponse<String> page, String path, Map<String, String> fields) {
        return follow(postFrom(page, path, fields));
    }

    public HttpResponse<String> follow(HttpResponse<String> response) {
        for (int i = 0; i < 15 && response.statusCode() / 100 == 3; i++) {
            URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            response = send(HttpRequest.newBuilder(next).GET());
        }
        return response;
    }

    /**
     * Opens the person's card and posts its issue form with {@code fields}, adding what the card itself carries:
     * the single-use token and the id of the pass a replace refers to (when the card shows them).
     */
    public HttpResponse<String> issueFromCard(String personId, Map<String, String> fields) {
        var card = get("/users/" + personId);
        Map<String, String> form = new LinkedHashMap<>(fields);
        for (String carried : new String[]{"replacePassId", "issueToken"}) {
            if (card.body().contains("name=\"" + carried + "\"")) {
                form.put(carried, field(card, carried));
            }
        }
        return postFrom(card, "/users/" + personId + "/passes", form);
    }

    private static javax.sql.DataSource appData;

    /** The app role's connections to the stack's database, made once (making them creates the roles if need be). */
    private static synchronized javax.sql.DataSource appData(DemoStack stack) {
        if (appData == null) {
            appData = DemoStack.appDataSource(stack.database());
        }
        return appData;
    }

    /** Checks the caller the form at {@code path} is about, unless a usable check of the tier is held already. */
    private synchronized void ensureChecked(HttpResponse<String> page, String path, String tier) {
        String personId = path.replaceFirst("^.*/users/([^/]+)/passes$", "$1");
        if (holdsUsableCheck(personId, tier)) {
            return;
        }
        if (tier.equals("medium")) {
            managerConfirmed(personId);
        } else {
            // on the instance the form goes to; not asserted: a session that ended (SessionRulesTest) refuses this
            // post as it will refuse the issue, which is what such a test looks at
            // followed, as a browser follows it: the card shows (and so uses up) the "check recorded" notice
            follow(postFrom(page, path.replaceFirst("/passes$", "/caller-checks"),
                    Map.of("method", "in-person", "note", "passport, photo matches")));
        }
    }

    /**
     * Whether this session's operator holds a usable check of {@code personId} of at least {@code tier} (low or medium):
     * an agent does not check again while one is usable, and concurrent posts of one form (the attack tests) then
     * race for one check, as they would in a browser.
     */
    private synchronized boolean holdsUsableCheck(String personId, String tier) {
        if (operator == null) {
            return false;
        }
        try (var connection = appData(stack).getConnection();
             var select = connection.prepareStatement("""
                     select count(*) from caller_check where operator_oid = ? and lower(person_id) = lower(?)
                     and claimed_by is null and expires_at > ? and (tier <> 'low' or ? = 'low')""")) {
            select.setString(1, operator.objectId());
            select.setString(2, personId);
            select.setTimestamp(3, java.sql.Timestamp.from(tapdesk.demo.DemoClock.shared().instant()));
            select.setString(4, tier);
            try (var rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The agent records on the card that they saw the caller in person with photo ID (a low-tier check). */
    public HttpResponse<String> checkCaller(String personId) {
        return checkCaller(get("/users/" + personId), "/users/" + personId + "/caller-checks");
    }

    private synchronized HttpResponse<String> checkCaller(HttpResponse<String> page, String checksPath) {
        HttpResponse<String> answer = postFrom(page, checksPath, Map.of("method", "in-person", "note", "passport, photo matches"));
        assertThat(answer.headers().firstValue("Location").orElse(answer.statusCode() + " " + answer.body()))
                .as("the check of the caller is recorded, and the agent is back on the card").endsWith("#caller-check");
        return follow(answer);
    }

    /**
     * What a manager's confirmation leaves behind (ManagerConfirmationTest walks the real one, with the manager's own
     * sign-in): a medium-tier check by this session's operator of {@code personId}, usable for 15 minutes of the
     * stand-in's clock. Written straight into PostgreSQL, as test set-up only.
     */
    public synchronized void managerConfirmed(String personId) {
        managerConfirmed(personId, "manager confirmed (test set-up)");
    }

    /** {@link #managerConfirmed(String)} with the manager's words as its evidence. */
    public synchronized void managerConfirmed(String personId, String evidence) {
        assertThat(operator).as("signed in").isNotNull();
        managerConfirmed(stack, operator, personId, evidence);
    }

    /** {@link #managerConfirmed(String)} for {@code operator} (a browser test's agent). */
    public static void managerConfirmed(DemoStack stack, DemoOperators.Operator operator, String personId) {
        managerConfirmed(stack, operator, personId, "manager confirmed (test set-up)");
    }

    private static void managerConfirmed(DemoStack stack, DemoOperators.Operator operator, String personId, String evidence) {
        try (var connection = appData(stack).getConnection();
             var insert = connection.prepareStatement("""
                     insert into caller_check (id, operator_oid, operator_upn, person_id, method, tier, evidence,
                                               created_at, expires_at)
                     values (?, ?, ?, ?, 'manager', 'medium', ?, ?, ?)""")) {
            java.time.Instant now = tapdesk.demo.DemoClock.shared().instant();
            insert.setObject(1, java.util.UUID.randomUUID());
            insert.setString(2, operator.objectId());
            insert.setString(3, operator.username());
            insert.setString(4, personId);
            insert.setString(5, evidence);
            insert.setTimestamp(6, java.sql.Timestamp.from(now));
            insert.setTimestamp(7, java.sql.Timestamp.from(now.plus(java.time.Duration.ofMinutes(15))));
            insert.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("a CSRF token on " + page.uri()).isTrue();
        return m.group(1);
    }

    /**
     * The fields of the decide page's form: the reason, and what the page showed of the person ({@code seen}), which
     * an approval must carry (a person changed since the page was shown is not approved). Without the form on the page
     * (one's own request, a settled one) only the reason.
     */
    public static Map<String, String> decision(HttpResponse<String> decidePage, String reason) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("reason", reason);
        if (decidePage.body().contains("name=\"seen\"")) {
            fields.put("seen", field(decidePage, "seen"));
        }
        return fields;
    }

    /** The value of a hidden field or input on the page. */
    public static String field(HttpResponse<String> page, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\"[^>]*value=\"([^\"]*)\"").matcher(page.body());
        assertThat(m.find()).as("field " + name + " on " + page.uri()).isTrue();
        return m.group(1);
    }

    /** The value of the input with this id (a card holds two forms with a ticket field: "Ask the manager" and issue). */
    public static String inputValue(HttpResponse<String> page, String id) {
        Matcher m = Pattern.compile("<input[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(page.body());
        assertThat(m.find()).as("input #" + id + " on " + page.uri()).isTrue();
        Matcher value = Pattern.compile("\\bvalue=\"([^\"]*)\"").matcher(m.group());
        return value.find() ? HtmlEscape.unescapeHtml(value.group(1)) : "";
    }

    /** The text of the element with {@code id} and everything in it (tags dropped, spaces collapsed). */
    public static String allText(HttpResponse<String> page, String id) {
        Matcher m = Pattern.compile("<(\\w+)[^>]*id=\"" + Pattern.quote(id) + "\"[^>]*>(.*?)</\\1>", Pattern.DOTALL).matcher(page.body());
        assertThat(m.find()).as("element #" + id + " on " + page.uri()).isTrue();
        return HtmlEscape.unescapeHtml(m.group(2).replaceAll("<[^>]*>", " ")).replaceAll("\\s+", " ").strip();
    }

    public static String text(HttpResponse<String> page, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(page.body());
        assertThat(m.find()).as("element #" + id + " on " + page.uri()).isTrue();
        return HtmlEscape.unescapeHtml(m.group(1)).strip();
    }

    /** The value of the cookie {@code name} this session holds for the app, or null. */
    public String cookie(String name) {
        return cookies.getCookieStore().get(URI.create(stack.appUrl())).stream().filter(c -> c.getName().equals(name))
                .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
    }

    /** A GET that asks for JSON, as a page's script does; not followed. */
    public HttpResponse<String> getJson(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("X-Requested-With", "fetch").GET(), "application/json");
    }

    /** Sends {@code name: value} with every later request (a forged {@code X-Forwarded-*}, say). */
    public WebSession withHeader(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    /** The cookies this session holds, to read or change them as an attacker would. */
    public java.net.CookieStore cookieStore() {
        return cookies.getCookieStore();
    }

    public List<String> trail() {
        return List.copyOf(trail);
    }

    public List<HttpResponse<String>> responses() {
        return List.copyOf(responses);
    }

    public HttpResponse<String> last() {
        return last;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        return send(builder, "text/html");
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, String accept) {
        try {
            extraHeaders.forEach(builder::header);
            HttpResponse<String> response = http.send(builder.header("Accept", accept).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (keepsHistory) {
                trail.add(response.request().method() + " " + response.request().uri() + " -> " + response.statusCode()
                        + response.headers().firstValue("Location").map(l -> " Location: " + l).orElse(""));
                responses.add(response);
            }
            last = response;
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : stack.appUrl() + pathOrUrl);
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
