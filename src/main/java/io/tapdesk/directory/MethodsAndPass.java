package io.tapdesk.directory;

import java.util.List;

/** A person's registered sign-in methods and their pass among them: the card reads both from one Graph answer. */
public record MethodsAndPass(List<AuthMethod> methods, PassStatus pass) {

    public MethodsAndPass {
        methods = List.copyOf(methods);
    }
}
