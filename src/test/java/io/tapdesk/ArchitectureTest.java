package io.tapdesk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

/**
 * The package stairs (docs/architecture.md): each package depends only on packages below it, so no cycle can form;
 * the Graph SDK, kiota and OkHttp stay in {@code graph}; azure-identity stays in {@code graph} and the one package
 * for the Verified ID client ({@code verifiedid}); the records at the bottom know no Spring.
 */
class ArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tapdesk");

    /** Bottom to top; a package may use the ones listed before it, never one after. */
    static final Map<String, List<String>> STAIRS = stairs(
            "directory",
            "graph",
            // the Verified ID Request Service's client: the graph step (records below, nothing above)
            "verifiedid",
            "security",
            "web",
            "outbox", "audit", "limits", "policy",
            "users",
            "verification",
            "approvals",
            "handover",
            "passes",
            "onboarding");

    @Test
    void noPackageDependsOnAnotherInALoop() {
        slices().matching("io.tapdesk.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void everyPackageStandsOnTheOnesBelowIt() {
        Architectures.LayeredArchitecture layers = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String name : STAIRS.keySet()) {
            layers = layers.layer(name).definedBy("io.tapdesk." + name + "..");
        }
        for (var step : STAIRS.entrySet()) {
            List<String> above = STAIRS.keySet().stream().filter(p -> STAIRS.get(p).contains(step.getKey())).toList();
            layers = above.isEmpty() ? layers.whereLayer(step.getKey()).mayNotBeAccessedByAnyLayer()
                    : layers.whereLayer(step.getKey()).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
        }
        layers.check(MAIN);
    }

    @Test
    void everyPackageIsOnTheStairs() {
        List<String> packages = MAIN.stream().map(c -> c.getPackageName())
                .filter(p -> !p.equals("io.tapdesk"))
                .map(p -> p.substring("io.tapdesk.".length()).split("\\.")[0])
                .distinct().toList();
        assertThat(STAIRS.keySet()).containsAll(packages);
    }

    @Test
    void onlyGraphTouchesTheGraphSdk() {
        noClasses().that().resideOutsideOfPackage("io.tapdesk.graph..")
                .should().dependOnClassesThat().resideInAnyPackage("com.microsoft.graph..", "com.microsoft.kiota..", "okhttp3..")
                .check(MAIN);
    }

    @Test
    void azureIdentityStaysInGraphAndTheVerifiedIdClient() {
        noClasses().that().resideOutsideOfPackages("io.tapdesk.graph..", "io.tapdesk.verifiedid..")
                .should().dependOnClassesThat().resideInAnyPackage("com.azure.identity..", "com.azure.core.credential..")
                .check(MAIN);
    }

    @Test
    void theRecordsAtTheBottomKnowNoSpringAndNoOtherPackage() {
        noClasses().that().resideInAPackage("io.tapdesk.directory..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..")
                .orShould().dependOnClassesThat().resideOutsideOfPackages("io.tapdesk.directory..", "java..")
                .check(MAIN);
    }

    /**
     * The pickup registration's credential (issue 19) can create a pass with no operator present: only its config
     * builds it, and only {@code PickupGraph} puts it on a Graph client, so no other app-only path can create passes.
     */
    @Test
    void onlyPickupGraphHoldsThePickupCredential() {
        noClasses().that().doNotHaveFullyQualifiedName("io.tapdesk.graph.PickupGraph")
                .and().doNotHaveFullyQualifiedName("io.tapdesk.graph.PickupCredentialConfig")
                .and().doNotHaveFullyQualifiedName("io.tapdesk.graph.PickupCredential")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.tapdesk.graph.PickupCredential")
                .check(MAIN);
        noClasses().that().doNotHaveFullyQualifiedName("io.tapdesk.graph.PickupGraph")
                .and().doNotHaveFullyQualifiedName("io.tapdesk.graph.PickupCredential")
                .should().callMethod("io.tapdesk.graph.PickupCredential", "credential")
                .check(MAIN);
    }

    /** A fully qualified io.tapdesk name in code hides a dependency from a reader (and from the imports). */
    @Test
    void noFullyQualifiedTapDeskNamesInCode() throws IOException {
        Pattern qualified = Pattern.compile("\\bio\\.tapdesk\\.[a-z]+\\.[A-Z]");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<String> found = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream()
                            .filter(line -> !line.startsWith("import ") && !line.startsWith("package "))
                            .filter(line -> !line.strip().startsWith("*") && !line.strip().startsWith("//"))
                            .filter(line -> qualified.matcher(line).find())
                            .map(line -> f + ": " + line.strip());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertThat(found).isEmpty();
        }
    }

    private static Map<String, List<String>> stairs(String... bottomUp) {
        Map<String, List<String>> below = new java.util.LinkedHashMap<>();
        for (int i = 0; i < bottomUp.length; i++) {
            below.put(bottomUp[i], List.of(bottomUp).subList(0, i));
        }
        return below;
    }
}
