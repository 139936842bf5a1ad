package io.tapdesk.web;

import org.springframework.http.HttpStatus;

/**
 * A failure explained for the operator: a headline, what to do, and the ids to quote to support.
 *
 * @param status the HTTP status of the page that shows it (always 4xx or 502/503/504, never 500)
 */
public record Problem(HttpStatus status, String headline, String advice, String graphCode, String requestId,
                      String clientRequestId) {
}
