package io.tapdesk.passes;

import org.springframework.http.HttpStatus;

/** Why TapDesk will not issue this pass: a message key (with arguments) and the status of the page that says so. */
public record Refusal(String key, HttpStatus status, Object... args) {
}
