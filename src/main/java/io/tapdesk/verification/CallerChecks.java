package io.tapdesk.verification;

import io.tapdesk.security.Operator;
import org.springframework.stereotype.Service;

/** STUB until main's verification core is merged (core17.md); replaced by main's CallerChecks at the merge. */
@Service
public class CallerChecks {

    public Object record(Operator operator, String personId, String personUpn, CheckMethod method, String evidence,
                         String clientAddress) {
        return null;
    }
}
