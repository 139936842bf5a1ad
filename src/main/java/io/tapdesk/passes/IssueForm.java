package io.tapdesk.passes;

/**
 * The issue form exactly as the browser sent it: strings, parsed strictly by {@link IssueFormParser}.
 * An unchecked checkbox sends nothing, so {@code oneTime == null} means false.
 */
public class IssueForm {

    public static final int DEFAULT_LIFETIME = 60;

    private String lifetimeMinutes;
    private String oneTime;
    private String startDate;
    private String startTime;
    private String issueToken;
    private String replace;
    private String replacePassId;
    private String ticket;
    /** Who receives the pass (issue 19): {@code caller} (absent = caller), {@code manager}, {@code person}. */
    private String recipient;

    public static IssueForm defaults() {
        IssueForm form = new IssueForm();
        form.lifetimeMinutes = Integer.toString(DEFAULT_LIFETIME);
        form.oneTime = "true";
        return form;
    }

    public boolean isOneTimeChecked() {
        return "true".equals(oneTime);
    }

    /** The operator ticked "replace the current pass" (exactly "true"; anything else is not a confirmation). */
    public boolean isReplaceConfirmed() {
        return "true".equals(replace);
    }

    public String getRecipient() {
        return recipient;
    }

    public void setRecipient(String recipient) {
        this.recipient = recipient;
    }

    public String getTicket() {
        return ticket;
    }

    public void setTicket(String ticket) {
        this.ticket = ticket;
    }





    /** The id of the pass the operator saw and agreed to replace. */
    public String getReplacePassId() {
        return replacePassId;
    }

    public void setReplacePassId(String replacePassId) {
        this.replacePassId = replacePassId;
    }

    public String getReplace() {
        return replace;
    }

    public void setReplace(String replace) {
        this.replace = replace;
    }

    public String getLifetimeMinutes() {
        return lifetimeMinutes;
    }

    public void setLifetimeMinutes(String lifetimeMinutes) {
        this.lifetimeMinutes = lifetimeMinutes;
    }

    public String getOneTime() {
        return oneTime;
    }

    public void setOneTime(String oneTime) {
        this.oneTime = oneTime;
    }

    public String getStartDate() {
        return startDate;
    }

    public void setStartDate(String startDate) {
        this.startDate = startDate;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getIssueToken() {
        return issueToken;
    }

    public void setIssueToken(String issueToken) {
        this.issueToken = issueToken;
    }
}
