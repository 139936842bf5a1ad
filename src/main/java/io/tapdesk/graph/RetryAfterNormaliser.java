package io.tapdesk.graph;

import java.io.IOException;
import java.time.Duration;

import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Graph may send a fractional {@code Retry-After} ("2.128"). The SDK's retry handler parses only whole seconds and
 * otherwise sleeps a negative time and fails, so this interceptor, placed between the retry handler and the network,
 * rounds the value up to whole seconds.
 */
final class RetryAfterNormaliser implements Interceptor {

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        String header = response.header("Retry-After");
        if (header == null) {
            return response;
        }
        Duration wait = GraphFailures.retryAfter(header);
        if (wait == null) {
            // not seconds (an HTTP date, which the SDK understands, or garbage, which it must not choke on)
            return header.trim().matches(".*[A-Za-z].*") ? response : response.newBuilder().removeHeader("Retry-After").build();
        }
        long wholeSeconds = (wait.toMillis() + 999) / 1000;
        return response.newBuilder().header("Retry-After", Long.toString(wholeSeconds)).build();
    }
}
