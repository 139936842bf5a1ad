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
 * users, List manager, List transitiveMemberOf, List ownedObjects. An endpoint without a delegated rule (the pass policy,
 * which TapDesk reads app-only when the operator may not) is not checked for delegated tokens.
 * <p>
 * App-only tokens carry {@code roles} (application permissions), not {@code scp}: they are checked against the
 * "Application" rows of the same tables ({@link #APP_RULES}), so a registration without the grant gets Graph's 403
 * {@code Authorization_RequestDenied}. The pickup's registration (only {@code UserAuthMethod-TAP.ReadWrite.All}) can
 * thus list and create passes and nothing else; the main app-only registration cannot create passes.
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

    /**
     * The application permissions each endpoint accepts (the "Application" rows): List ownedObjects has none
     * ("Not supported"), so an app can never read it; sendMail is checked by {@link StandInMail}, the chats refuse
     * every app-only caller ({@link StandInChats}).
     */
    private static final List<Rule> APP_RULES = List.of(
            new Rule(Pattern.compile("^/users$"), "GET", USER_READ, false),
            new Rule(Pattern.compile("^/users/[^/]+$"), "GET", USER_READ, false),
            new Rule(Pattern.compile("^/users/[^/]+/manager$"), "GET", USER_READ, false),
            new Rule(Pattern.compile("^/users/[^/]+/transitiveMemberOf$"), "GET", MEMBERSHIP_READ, false),
            new Rule(Pattern.compile("^/users/[^/]+/ownedObjects(/[^/]+)?$"), "GET", List.of(), false),
            // List groups, List group owners: the application rows (GroupMember.Read.All least privileged)
            new Rule(Pattern.compile("^/groups$"), "GET", MEMBERSHIP_READ, false),
            new Rule(Pattern.compile("^/groups/[^/]+/owners$"), "GET", MEMBERSHIP_READ, false),
            new Rule(Pattern.compile("^/users/[^/]+/authentication/methods$"), "GET", METHODS_READ, true),
            new Rule(Pattern.compile("^/users/[^/]+/authentication/temporaryAccessPassMethods(/[^/]+)?$"), "GET", PASS_READ, true),
            new Rule(Pattern.compile("^/users/[^/]+/authentication/temporaryAccessPassMethods$"), "POST", PASS_WRITE, true),
            new Rule(Pattern.compile("^/users/[^/]+/authentication/temporaryAccessPassMethods/[^/]+$"), "DELETE", PASS_WRITE, true),
            new Rule(Pattern.compile("^/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/[^/]+$"), "GET",
                    List.of("Policy.Read.AuthenticationMethod", "Policy.ReadWrite.AuthenticationMethod"), false),
            new Rule(Pattern.compile("^/roleManagement/directory/roleEligibilityScheduleInstances$"), "GET",
                    List.of("RoleEligibilitySchedule.Read.Directory", "RoleEligibilitySchedule.ReadWrite.Directory",
                            "RoleManagement.Read.Directory", "RoleManagement.Read.All", "RoleManagement.ReadWrite.Directory"), false),
            new Rule(Pattern.compile("^/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances$"), "GET",
                    List.of("PrivilegedEligibilitySchedule.Read.AzureADGroup", "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup"),
                    false));

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("^/users$"), "GET", USER_READ, false),
            new Rule(Pattern.compile("^/users/[^/]+$"), "GET", USER_READ, false),
            new Rule(Pattern.compile("^/users/[^/]+/manager$"), "GET", USER_READ, false),
            new Rule(Pattern.compile("^/users/[^/]+/transitiveMemberOf$"), "GET", MEMBERSHIP_READ, false),
            // List ownedObjects: delegated User.Read.All and up for another user (no application permission)
            new Rule(Pattern.compile("^/users/[^/]+/ownedObjects(/[^/]+)?$"), "GET", USER_READ, false),
            // List groups, List group owners: delegated GroupMember.Read.All and up
            new Rule(Pattern.compile("^/groups$"), "GET", MEMBERSHIP_READ, false),
            new Rule(Pattern.compile("^/groups/[^/]+/owners$"), "GET", MEMBERSHIP_READ, false),
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
            return appRefusal(caller, method, path, ids);
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

    /**
     * Graph's 403 when an app-only token's {@code roles} hold none of the application permissions the endpoint
     * accepts, else null: {@code Authorization_RequestDenied} "Insufficient privileges to complete the operation."
     * (docs/graph.md §5), from every service, as apps without the grant are answered.
     */
    private static Answer appRefusal(Caller caller, String method, String path, Ids ids) {
        for (Rule rule : APP_RULES) {
            if (rule.method().equals(method) && rule.path().matcher(path).matches()) {
                return rule.accepted().stream().anyMatch(caller.roles()::contains) ? null
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
