package io.tapdesk.directory;

/**
 * What a person's registered sign-in methods say about onboarding: a password only (a pass is onboarding), anything
 * more (a pass would be recovery, not onboarding — the rule Lifecycle Workflows applies), or a read that failed.
 */
public enum SignInMethods {
    PASSWORD_ONLY, HAS_OTHER_METHODS, CANNOT_TELL;

    /** From the methods read: anything but a password counts as another method (a pass too). */
    public static SignInMethods of(java.util.List<AuthMethod> methods) {
        return methods.stream().allMatch(m -> m.kind() == AuthMethod.Kind.PASSWORD) ? PASSWORD_ONLY : HAS_OTHER_METHODS;
    }
}
