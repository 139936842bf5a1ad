package tapdesk.demo.graph;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import tapdesk.demo.graph.GraphAnswers.Answer;
import tapdesk.demo.graph.GraphAnswers.Ids;

/**
 * The delegated permissions each endpoint accepts, checked against the token's {@code scp} claim as Graph does before
 * it looks at roles or the target (docs/graph.md §4, §8). The lists are the "acting on other users" delegated rows of
 * the v1.0 permission tables: List methods; List, Get, Create and Delete temporaryAccessPassMethod; Get user, List
 * users, List manager, List transitiveMemberOf, List ownedObjects. App-only tokens carry {@code roles}, not {@code scp}, and are not
 * checked here; an endpoint without a rule (the pass policy, which TapDesk reads app-only when the operator may not)
 * is not checked either.
 */
final class Scopes {

    private static final List<String> USER_READ = List.of("User.Read.All", "User.ReadWrite.All", "Directory.Read.All",
            "Directory.ReadWrite.All");
    private static final List<String> MEMBERSHIP_READ = List.of("GroupMember.Read.All", "Group.Read.All",
            "Directory.Read.All", "Directory.ReadWrite.All");
    static final List<String> METHODS_READ = List.of("UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All");
    private static final List<String> PASS_READ = List.of("UserAuthMethod-TAP.Read.All", "UserAuthMethod-TAP.ReadWrite.All",
            "UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All");
    static final List<String> PASS_WRITE = List.of("UserAuthMethod-TAP.ReadWrite.All", "UserAuthenticationMethod.ReadWrite.All");

    private record Rule(Pattern path, String method, List<String> accepted, boolean authenticationMethods) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("^/users$"), "GET", USER_READ, false),
            new Rule(Pattern.compile("^/users/[^/]+$"), "GET", USER_READ, false),
            new Rule(Pattern.compile("^/users/[^/]+/manager$"), "GET", USER_READ, false),
            new Rule(Pattern.compile("^/users/[^/]+/transitiveMemberOf$"), "GET", MEMBERSHIP_READ, false),
            // List ownedObjects: delegated User.Read.All and up for another user (no application permission)
            new Rule(Pattern.compile("^/users/[^/]+/ownedObjects(/[^/]+)?$"), "GET", USER_READ, false),
            new Rule(Pattern.compile("^/users/[^/]+/authentication/methods$"), "GET", METHODS_READ, true),
            new Rule(Pattern.compile("^/users/[^/]+/authentication/temporaryAccessPassMethods(/[^/]+)?$"), "GET", PASS_READ, true),
            new Rule(Pattern.compile("^/users/[^/]+/authentication/temporaryAccessPassMethods$"), "POST", PASS_WRITE, true),
            new Rule(Pattern.compile("^/users/[^/]+/authentication/temporaryAccessPassMethods/[^/]+$"), "DELETE", PASS_WRITE, true),
            // the manager's confirmation (issue 17): Create chat, Send message in a chat, user: sendMail (delegated rows)
            new Rule(Pattern.compile("^/chats$"), "POST", List.of("Chat.Create", "Chat.ReadWrite"), false),
            new Rule(Pattern.compile("^/chats/[^/]+/messages$"), "POST", List.of("ChatMessage.Send", "Chat.ReadWrite"), false),
            new Rule(Pattern.compile("^/me/sendMail$"), "POST", List.of("Mail.Send"), false));

    private Scopes() {
    }

    /**
     * Graph's 403 when a delegated token lacks every permission the endpoint accepts, else null. The directory answers
     * {@code Authorization_RequestDenied}, the authentication-methods service {@code accessDenied} (docs/graph.md §5).
     */
    static Answer refusal(Caller caller, String method, String path, Ids ids) {
        if (caller.appOnly()) {
            return null;
        }
        for (Rule rule : RULES) {
            if (rule.method().equals(method) && rule.path().matcher(path).matches()) {
                if (rule.accepted().stream().anyMatch(caller.scopes()::contains)) {
                    return null;
                }
                return rule.authenticationMethods()
                        ? GraphAnswers.error(403, "accessDenied", "Request Authorization failed", ids)
                        : GraphAnswers.error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.", ids);
            }
        }
        return null;
    }

    /** Entra's {@code scp}: the delegated permissions, space-separated, without the resource prefix. */
    static Set<String> parse(String scp) {
        return scp == null || scp.isBlank() ? Set.of() : Set.of(scp.trim().split("\\s+"));
    }
}
