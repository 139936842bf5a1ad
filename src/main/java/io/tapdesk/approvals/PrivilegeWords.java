package io.tapdesk.approvals;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A snapshot's privilege ({@link ApprovalSnapshot#privilege()}: {@code none}, {@code unknown}, or
 * {@code role:…, group:…} as stored) in the page's words, for the request and decide pages (templates call
 * {@code @privilegeWords.of(…, #locale)}): the stored form is for comparing, not for people.
 */
@Component("privilegeWords")
public class PrivilegeWords {

    private static final String KINDS = "role|group|protected|eligible-role|eligible-member|eligible-owner|owner";

    private final MessageSource messages;

    PrivilegeWords(MessageSource messages) {
        this.messages = messages;
    }

    /** @param stored a snapshot's privilege, or a sent-back change's was/now of kind {@code privilege} */
    public String of(String stored, Locale locale) {
        if (stored == null || stored.isBlank() || stored.equals("none")) {
            return messages.getMessage("approval.now.not-privileged", null, locale);
        }
        if (stored.equals(ApprovalSnapshot.UNKNOWN)) {
            return messages.getMessage("approval.now.unknown", null, locale);
        }
        // entries are joined with ", "; a group name may hold ", " itself, so split only before a known kind
        return Arrays.stream(stored.split(", (?=(" + KINDS + "):)")).map(entry -> {
            int colon = entry.indexOf(':');
            String kind = colon < 0 ? "" : entry.substring(0, colon);
            String name = colon < 0 ? entry : entry.substring(colon + 1);
            return kind.matches(KINDS) ? messages.getMessage("approval.privilege." + kind, new Object[]{name}, locale) : entry;
        }).collect(Collectors.joining("; "));
    }
}
