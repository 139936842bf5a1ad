package io.tapdesk.graph;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How TapDesk reaches Microsoft Graph.
 *
 * @param baseUrl        Graph root including the version, e.g. {@code https://graph.microsoft.com/v1.0}
 * @param timeout        connect, read and write timeout of one attempt (the SDK's own default is 100 s)
 * @param retryTotalWait the most a read may spend waiting between retries (Retry-After included)
 * @param maxRetries     the most retries of one call
 * @param searchLimit    how many people a search shows
 * @param readThreads    threads for the card's concurrent reads (20 agents x 8 reads = 160)
 * @param cardPartTimeout how long the card waits for its parts after asking; a part still out shows its own message
 */
@Validated
@ConfigurationProperties("tapdesk.graph")
public record GraphProperties(
        @NotNull @DefaultValue("https://graph.microsoft.com/v1.0") URI baseUrl,
        @NotNull @DefaultValue("20s") Duration timeout,
        @NotNull @DefaultValue("10s") Duration retryTotalWait,
        @Min(0) @Max(10) @DefaultValue("3") int maxRetries,
        @Min(1) @Max(100) @DefaultValue("25") int searchLimit,
        @Min(1) @Max(1000) @DefaultValue("160") int readThreads,
        @NotNull @DefaultValue("5s") Duration cardPartTimeout) {
}
