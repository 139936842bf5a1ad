package io.tapdesk.graph;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The bounded pool for the card's concurrent Graph reads: sized for 20 agents opening cards at once (eight reads
 * each). When it is full, the request thread does the read itself: slower, never refused.
 */
@Configuration(proxyBeanMethods = false)
class GraphExecutorConfig {

    @Bean(name = "graphReads")
    Executor graphReads(GraphProperties properties) {
        var executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(properties.readThreads());
        executor.setMaxPoolSize(properties.readThreads());
        executor.setQueueCapacity(properties.readThreads() * 4);
        executor.setThreadNamePrefix("graph-read-");
        executor.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
        executor.initialize();
        return executor;
    }
}
