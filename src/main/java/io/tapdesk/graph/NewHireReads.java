package io.tapdesk.graph;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.models.AuthenticationMethodCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import io.tapdesk.directory.NewHire;
import io.tapdesk.directory.SignInMethods;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The reads of the "Starting soon" page (issue 19), app-only with {@code tapdesk.app-only}: the people whose
 * {@code employeeHireDate} lies in a window, with their manager, and whether each has sign-in methods beyond a password.
 * Kept out of {@link GraphGateway}, which is long enough. docs/graph.md "New hires" says why each call looks as it does.
 *
 * <ul>
 *   <li>{@code GET /users?$filter=employeeHireDate ge … and employeeHireDate le …&$select=…&$expand=manager(…)&$count=true}
 *       with {@code ConsistencyLevel: eventual}: the advanced-query headers, sent always (harmless where a default
 *       query would do, required where Graph treats the filter as advanced). Application permission User.Read.All
 *       ({@code employeeHireDate} is returned only on {@code $select}; docs/graph.md §12). Every
 *       {@code @odata.nextLink} is followed, only under the Graph root.</li>
 *   <li>The methods: JSON {@code $batch} of {@code GET /users/{id}/authentication/methods}, 20 per batch (Graph's most),
 *       batches {@code spacing} apart; an inner 429 is asked again after its {@code Retry-After} (at least
 *       {@code spacing}, at most {@code maxRetryAfter}, three rounds), otherwise that person is "cannot tell".</li>
 * </ul>
 */
@Component
public class NewHireReads {

    private static final Logger log = LoggerFactory.getLogger(NewHireReads.class);
    /** Graph's limit of requests in one JSON batch. */
    static final int BATCH_SIZE = 20;
    private static final int MAX_PAGES = 50;
    private static final int ROUNDS = 3;
    private static final String[] SELECT = {"id", "displayName", "userPrincipalName", "mail", "employeeHireDate",
            "usageLocation", "accountEnabled"};

    private final GraphGateway gateway;
    private final GraphProperties properties;

    NewHireReads(GraphGateway gateway, GraphProperties properties) {
        this.gateway = gateway;
        this.properties = properties;
    }

    /**
     * The people whose hire date lies in [{@code from}, {@code to}] (UTC instants, second precision), every page.
     *
     * @throws GraphFailure as Graph answers (a 400 {@code Request_UnsupportedQuery} when the tenant refuses the query,
     *                      403 without User.Read.All), {@code ACCESS_DENIED}/{@code noAppOnlyCredential} without a
     *                      credential, {@code foreignNextLink}/{@code tooManyPages} for a page TapDesk will not follow
     */
    public List<NewHire> hiredBetween(Instant from, Instant to) {
        GraphServiceClient client = gateway.appOnlyClient();
        String filter = "employeeHireDate ge " + literal(from) + " and employeeHireDate le " + literal(to);
        return gateway.allPages(MAX_PAGES, record -> client.users().get(cfg -> {
                    configure(cfg, record);
                    cfg.queryParameters.filter = filter;
                    cfg.queryParameters.select = SELECT;
                    cfg.queryParameters.expand = new String[] {"manager($select=id,displayName,mail)"};
                    cfg.queryParameters.count = true;
                    cfg.queryParameters.top = 999;
                }),
                (link, record) -> client.users().withUrl(link).get(cfg -> configure(cfg, record)),
                UserCollectionResponse::getValue, NewHireReads::newHire);
    }

    /**
     * Each person's sign-in methods as {@link SignInMethods}, in the order of {@code userIds}. Never throws for one
     * person: a failed read (a batch refused, an inner error, throttling that outlasts {@code maxRetryAfter}) is
     * {@link SignInMethods#CANNOT_TELL} for the people it concerns.
     *
     * @param spacing       the wait between two batches, and the least wait after an inner 429
     * @param maxRetryAfter the longest inner {@code Retry-After} TapDesk waits for
     */
    public Map<String, SignInMethods> methods(List<String> userIds, Duration spacing, Duration maxRetryAfter) {
        Map<String, SignInMethods> result = new LinkedHashMap<>();
        userIds.forEach(id -> result.put(id, SignInMethods.CANNOT_TELL));
        GraphServiceClient client;
        try {
            client = gateway.appOnlyClient();
        } catch (GraphFailure failure) {
            return result;
        }
        List<String> pending = List.copyOf(result.keySet());
        for (int round = 0; round < ROUNDS && !pending.isEmpty(); round++) {
            List<String> throttled = new ArrayList<>();
            Duration wait = spacing;
            for (int i = 0; i < pending.size(); i += BATCH_SIZE) {
                if (i > 0) {
                    pause(spacing);
                }
                Batch batch = batch(client, pending.subList(i, Math.min(pending.size(), i + BATCH_SIZE)), result);
                throttled.addAll(batch.throttled());
                if (batch.retryAfter() != null && batch.retryAfter().compareTo(wait) > 0) {
                    wait = batch.retryAfter();
                }
            }
            if (throttled.isEmpty() || wait.compareTo(maxRetryAfter) > 0) {
                break;
            }
            pause(wait);
            pending = throttled;
        }
        return result;
    }

    private record Batch(List<String> throttled, Duration retryAfter) {
    }

    private Batch batch(GraphServiceClient client, List<String> userIds, Map<String, SignInMethods> result) {
        List<String> throttled = new ArrayList<>();
        Duration retryAfter = null;
        try {
            BatchRequestContent content = new BatchRequestContent(client);
            Map<String, String> steps = new LinkedHashMap<>();
            for (String userId : userIds) {
                steps.put(content.addBatchRequestStep(
                        client.users().byUserId(userId).authentication().methods().toGetRequestInformation()), userId);
            }
            BatchResponseContent answer = client.getBatchRequestBuilder().post(content, null);
            for (var step : steps.entrySet()) {
                Response inner = answer.getResponseById(step.getKey());
                int status = inner == null ? 0 : inner.code();
                if (status == 200) {
                    AuthenticationMethodCollectionResponse methods = answer.getResponseById(step.getKey(),
                            AuthenticationMethodCollectionResponse::createFromDiscriminatorValue);
                    result.put(step.getValue(), methods == null || methods.getValue() == null ? SignInMethods.CANNOT_TELL
                            : SignInMethods.of(methods.getValue().stream().filter(Objects::nonNull).map(GraphMapping::method).toList()));
                } else if (status == 429) {
                    throttled.add(step.getValue());
                    Duration after = GraphFailures.retryAfter(inner.header("Retry-After"));
                    if (after != null && (retryAfter == null || after.compareTo(retryAfter) > 0)) {
                        retryAfter = after;
                    }
                } else {
                    log.warn("Sign-in methods of {} not read in a batch: inner status {}", step.getValue(), status);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the whole batch failed: its people stay "cannot tell"
            log.warn("A batch of {} sign-in method reads failed: {}", userIds.size(), e.getClass().getSimpleName());
        }
        return new Batch(throttled, retryAfter);
    }


    private void configure(com.microsoft.kiota.BaseRequestConfiguration cfg, CallRecord record) {
        cfg.headers.add("client-request-id", record.clientRequestId());
        // advanced query: the hire-date filter with $count (Graph answers 400 Request_UnsupportedQuery otherwise)
        cfg.headers.add("ConsistencyLevel", "eventual");
        cfg.options.add(record);
        cfg.options.add(RetryBudget.forRead(properties));
    }


    private static NewHire newHire(User u) {
        return new NewHire(u.getId(), u.getDisplayName(), u.getUserPrincipalName(), u.getMail(),
                u.getEmployeeHireDate() == null ? null : u.getEmployeeHireDate().toInstant(), u.getUsageLocation(),
                Boolean.TRUE.equals(u.getAccountEnabled()), u.getManager() == null ? null : GraphMapping.manager(u.getManager()));
    }

    /** An OData DateTimeOffset literal in UTC, e.g. {@code 2026-12-06T00:00:00Z}. */
    static String literal(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static void pause(Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return;
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphFailure(GraphFailure.Kind.OTHER, 0, "interrupted", "", "", null, null, null);
        }
    }
}
