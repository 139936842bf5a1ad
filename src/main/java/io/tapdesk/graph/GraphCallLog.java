package io.tapdesk.graph;

import java.io.IOException;

import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every attempt of every Graph call with the ids support asks for: our {@code client-request-id} and Graph's
 * {@code request-id}. Method, path, status and timing only: never a query string (search text), never a body.
 */
final class GraphCallLog implements Interceptor {

    private static final Logger log = LoggerFactory.getLogger(GraphCallLog.class);

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String attempt = request.header("Retry-Attempt");
        long started = System.nanoTime();
        try {
            Response response = chain.proceed(request);
            CallRecord record = request.tag(CallRecord.class);
            if (record != null) {
                record.answered(response.code(), response.header("request-id"), response.header("Retry-After"));
            }
            log.info("Graph {} {} -> {} in {} ms{} client-request-id={} request-id={}",
                    request.method(), request.url().encodedPath(), response.code(), millisSince(started),
                    attempt == null ? "" : " (retry " + attempt + ")",
                    request.header("client-request-id"), response.header("request-id"));
            return response;
        } catch (IOException e) {
            log.warn("Graph {} {} -> no response after {} ms ({}){} client-request-id={}",
                    request.method(), request.url().encodedPath(), millisSince(started), e.getClass().getSimpleName(),
                    attempt == null ? "" : " (retry " + attempt + ")", request.header("client-request-id"));
            throw e;
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
