package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.tapdesk.directory.AuthMethod;
import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.graph.GraphFailure;
import org.junit.jupiter.api.Test;

/** All visible text goes through message keys, and every key a template or the code asks for exists. */
class MessagesTest {

    static final Path TEMPLATES = Path.of("src/main/resources/templates");
    static final Pattern KEY = Pattern.compile("#\\{([a-zA-Z0-9.\\-]+)");
    /** Text between tags that is not a Thymeleaf-replaced placeholder. */
    static final Pattern BARE_TEXT = Pattern.compile(">([^<>{}$#]*[A-Za-z]{2,}[^<>]*)</(p|h1|h2|span|a|button|label|legend|li|dt|dd|th|td|code|title)>");

    static Properties messages() throws IOException {
        return messages("/messages.properties");
    }

    static Properties messages(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream(resource)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    static List<Path> templates() throws IOException {
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            return files.filter(f -> f.toString().endsWith(".html")).toList();
        }
    }

    @Test
    void everyKeyInTheTemplatesExists() throws IOException {
        Properties messages = messages();
        List<String> missing = new ArrayList<>();
        for (Path template : templates()) {
            Matcher m = KEY.matcher(Files.readString(template));
            while (m.find()) {
                if (!messages.containsKey(m.group(1))) {
                    missing.add(template + ": " + m.group(1));
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyElementTextIsReplacedFromAMessageKey() throws IOException {
        List<String> hardCoded = new ArrayList<>();
        for (Path template : templates()) {
            for (String line : Files.readAllLines(template)) {
                Matcher m = BARE_TEXT.matcher(line);
                // the prototype text inside an element is fine when th:text or th:utext replaces it
                if (m.find() && !line.contains("th:text") && !line.contains("th:utext") && !line.contains("th:errors")
                        && !line.contains("th:replace")
                        && !line.contains("<code>TapDesk.")) {
                    hardCoded.add(template + ": " + line.strip());
                }
            }
        }
        assertThat(hardCoded).isEmpty();
    }

    @Test
    void everyLanguageHasEveryKeyAndNoOther() throws IOException {
        Properties english = messages();
        for (var locale : LanguagePreference.SUPPORTED) {
            if (locale.getLanguage().equals("en")) {
                continue;
            }
            Properties other = messages("/messages_" + locale.getLanguage() + ".properties");
            assertThat(other.keySet()).as(locale + " keys").containsExactlyInAnyOrderElementsOf(english.keySet());
            assertThat(other.values()).as(locale + " values").noneMatch(v -> v.toString().isBlank());
        }
    }

    @Test
    void everyTypedValueShownOnACardHasWords() throws IOException {
        Properties messages = messages();
        for (var kind : AuthMethod.Kind.values()) {
            assertThat(messages).containsKey("method." + kind.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (var sync : DirectoryUser.Sync.values()) {
            assertThat(messages).containsKey("user.sync." + sync.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (String key : guardKeys()) {
            assertThat(messages).containsKey(key);
        }
        // what the card says about each privilege read that failed, and about PIM eligibility, in every state
        for (var read : io.tapdesk.users.Privilege.Read.values()) {
            assertThat(messages).containsKey(new io.tapdesk.users.Privilege.Unread(read, null).key());
        }
        for (var eligibility : io.tapdesk.users.Privilege.Eligibility.values()) {
            var privilege = new io.tapdesk.users.Privilege(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                    List.of(), eligibility, List.of());
            assertThat(messages).containsKey(privilege.eligibilityKey());
        }
        Matcher reasons = Pattern.compile("\"(approval\\.reason\\.[a-z-]+)\"")
                .matcher(Files.readString(Path.of("src/main/java/io/tapdesk/approvals/ApprovalRules.java")));
        int found = 0;
        while (reasons.find()) {
            assertThat(messages).containsKey(reasons.group(1));
            found++;
        }
        assertThat(found).isGreaterThanOrEqualTo(5);
    }

    /** Every refusal key the guardrails use. */
    static List<String> guardKeys() throws IOException {
        List<String> keys = new ArrayList<>();
        Matcher m = Pattern.compile("\"(guard\\.[a-z-]+)\"").matcher(Files.readString(Path.of("src/main/java/io/tapdesk/passes/Guardrails.java")));
        while (m.find()) {
            keys.add(m.group(1));
        }
        assertThat(keys).hasSizeGreaterThan(5);
        return keys;
    }

    @Test
    void everyGraphFailureHasItsWords() throws IOException {
        Properties messages = messages();
        for (GraphFailure.Kind kind : GraphFailure.Kind.values()) {
            String base = "graph." + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            List<String> variants = switch (kind) {
                case ACCESS_DENIED -> List.of(".unknown-roles", ".needs-role", ".needs-privileged", ".protected", ".app-only");
                case LIFETIME_OUT_OF_RANGE -> List.of("", ".no-range");
                case BUSY -> List.of("", ".no-wait");
                default -> List.of("");
            };
            for (String variant : variants) {
                assertThat(messages).containsKeys(base + variant + ".headline", base + variant + ".advice");
            }
        }
    }
}
