package io.tapdesk.graph;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

import com.microsoft.graph.models.AuthenticationMethod;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryRole;
import com.microsoft.graph.models.EmailAuthenticationMethod;
import com.microsoft.graph.models.Fido2AuthenticationMethod;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.MicrosoftAuthenticatorAuthenticationMethod;
import com.microsoft.graph.models.OrgContact;
import com.microsoft.graph.models.PasswordAuthenticationMethod;
import com.microsoft.graph.models.PhoneAuthenticationMethod;
import com.microsoft.graph.models.PlatformCredentialAuthenticationMethod;
import com.microsoft.graph.models.PrivilegedAccessGroupEligibilityScheduleInstance;
import com.microsoft.graph.models.PrivilegedAccessGroupRelationships;
import com.microsoft.graph.models.UnifiedRoleEligibilityScheduleInstance;
import com.microsoft.graph.models.SoftwareOathAuthenticationMethod;
import com.microsoft.graph.models.TemporaryAccessPassAuthenticationMethod;
import com.microsoft.graph.models.TemporaryAccessPassAuthenticationMethodConfiguration;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.WindowsHelloForBusinessAuthenticationMethod;
import com.microsoft.kiota.serialization.ValuedEnum;
import io.tapdesk.directory.AuthMethod.Kind;
import io.tapdesk.directory.AuthMethod;
import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.directory.EligibleGroup;
import io.tapdesk.directory.EligibleRole;
import io.tapdesk.directory.Manager;
import io.tapdesk.directory.Membership;
import io.tapdesk.directory.PassStatus;
import io.tapdesk.directory.TapPolicy;

/** From the SDK's models to TapDesk's records. Tolerant: missing fields become nulls, unknown types "other". */
final class GraphMapping {

    private GraphMapping() {
    }

    static DirectoryUser user(User u) {
        return new DirectoryUser(u.getId(), u.getDisplayName(), u.getUserPrincipalName(), u.getMail(),
                Boolean.TRUE.equals(u.getAccountEnabled()), u.getUserType(), u.getCreationType(), u.getExternalUserState(),
                u.getJobTitle(), u.getDepartment(), u.getMobilePhone(), u.getBusinessPhones(), u.getOnPremisesSyncEnabled());
    }

    static PassStatus pass(TemporaryAccessPassAuthenticationMethod pass) {
        return PassStatus.of(pass.getId(), pass.getMethodUsabilityReason(), instant(pass.getStartDateTime()),
                pass.getLifetimeInMinutes(), pass.getIsUsableOnce(), instant(pass.getCreatedDateTime()));
    }

    static Manager manager(DirectoryObject object) {
        if (object instanceof User user) {
            return new Manager(user.getId(), user.getDisplayName(), user.getMail(), true);
        }
        if (object instanceof OrgContact contact) {
            return new Manager(contact.getId(), contact.getDisplayName(), contact.getMail(), false);
        }
        Object name = object.getAdditionalData().get("displayName");
        return new Manager(object.getId(), name == null ? object.getId() : name.toString(), null, false);
    }

    static Membership membership(DirectoryObject object) {
        if (object instanceof DirectoryRole role) {
            return new Membership(Membership.Type.DIRECTORY_ROLE, role.getId(), nameOrId(role.getDisplayName(), role.getId()), false);
        }
        if (object instanceof Group group) {
            return new Membership(Membership.Type.GROUP, group.getId(), nameOrId(group.getDisplayName(), group.getId()),
                    Boolean.TRUE.equals(group.getIsAssignableToRole()));
        }
        return new Membership(Membership.Type.OTHER, object.getId(), Objects.toString(object.getOdataType(), ""), false);
    }

    static EligibleRole eligibleRole(UnifiedRoleEligibilityScheduleInstance instance) {
        var definition = instance.getRoleDefinition();
        return new EligibleRole(instance.getRoleDefinitionId(),
                nameOrId(definition == null ? null : definition.getDisplayName(), instance.getRoleDefinitionId()),
                instance.getDirectoryScopeId());
    }

    /** An access TapDesk does not know yet ({@code unknownFutureValue}) counts as membership: the stricter reading. */
    static EligibleGroup eligibleGroup(PrivilegedAccessGroupEligibilityScheduleInstance instance) {
        var group = instance.getGroup();
        return new EligibleGroup(instance.getGroupId(),
                nameOrId(group == null ? null : group.getDisplayName(), instance.getGroupId()),
                instance.getAccessId() == PrivilegedAccessGroupRelationships.Owner
                        ? EligibleGroup.Access.OWNER : EligibleGroup.Access.MEMBER);
    }

    /** Graph sends only id and type of an object the token may not read (docs/graph.md §1): show the id then. */
    private static String nameOrId(String displayName, String id) {
        return displayName == null || displayName.isBlank() ? Objects.toString(id, "") : displayName;
    }

    static AuthMethod method(AuthenticationMethod m) {
        var created = instant(m.getCreatedDateTime());
        if (m instanceof PasswordAuthenticationMethod) {
            return new AuthMethod(Kind.PASSWORD, "", created);
        }
        if (m instanceof PhoneAuthenticationMethod phone) {
            return new AuthMethod(Kind.PHONE, join(value(phone.getPhoneType()), phone.getPhoneNumber()), created);
        }
        if (m instanceof Fido2AuthenticationMethod key) {
            return new AuthMethod(Kind.FIDO2, join(key.getModel(), key.getDisplayName()), created);
        }
        if (m instanceof MicrosoftAuthenticatorAuthenticationMethod app) {
            return new AuthMethod(Kind.AUTHENTICATOR, join(app.getDisplayName(), app.getPhoneAppVersion()), created);
        }
        if (m instanceof WindowsHelloForBusinessAuthenticationMethod hello) {
            return new AuthMethod(Kind.WINDOWS_HELLO, hello.getDisplayName(), created);
        }
        if (m instanceof SoftwareOathAuthenticationMethod) {
            return new AuthMethod(Kind.SOFTWARE_OATH, "", created);
        }
        if (m instanceof EmailAuthenticationMethod email) {
            return new AuthMethod(Kind.EMAIL, email.getEmailAddress(), created);
        }
        if (m instanceof TemporaryAccessPassAuthenticationMethod tap) {
            return new AuthMethod(Kind.TEMPORARY_ACCESS_PASS, tap.getMethodUsabilityReason(), created);
        }
        if (m instanceof PlatformCredentialAuthenticationMethod platform) {
            return new AuthMethod(Kind.PLATFORM_CREDENTIAL, join(platform.getDisplayName(), value(platform.getPlatform())), created);
        }
        return new AuthMethod(Kind.OTHER, Objects.toString(m.getOdataType(), "").replace("#microsoft.graph.", ""), created);
    }

    static TapPolicy policy(com.microsoft.graph.models.AuthenticationMethodConfiguration configuration) {
        boolean enabled = configuration.getState() != null && "enabled".equalsIgnoreCase(configuration.getState().getValue());
        List<String> excluded = configuration.getExcludeTargets() == null ? List.of()
                : configuration.getExcludeTargets().stream().map(t -> t.getId()).toList();
        if (configuration instanceof TemporaryAccessPassAuthenticationMethodConfiguration tap) {
            List<String> included = tap.getIncludeTargets() == null ? List.of()
                    : tap.getIncludeTargets().stream().map(t -> t.getId()).toList();
            return new TapPolicy(enabled, orDefault(tap.getDefaultLifetimeInMinutes(), 60),
                    orDefault(tap.getMinimumLifetimeInMinutes(), 60), orDefault(tap.getMaximumLifetimeInMinutes(), 480),
                    orDefault(tap.getDefaultLength(), 8), Boolean.TRUE.equals(tap.getIsUsableOnce()), included, excluded);
        }
        // an answer of an unexpected type: the documented tenant defaults, with the state Graph gave
        return new TapPolicy(enabled, 60, 60, 480, 8, false, List.of(), excluded);
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static String value(ValuedEnum e) {
        return e == null ? null : e.getValue();
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return b == null ? "" : b;
        }
        return b == null || b.isBlank() ? a : a + " \u00b7 " + b;
    }

    private static java.time.Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
