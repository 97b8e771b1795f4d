package dev.touchstone;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class ModularityTest {

    // jOOQ's generated classes are the database schema, not a feature module.
    private static final ApplicationModules MODULES = ApplicationModules.of(TouchstoneApplication.class,
            resideInAPackage("dev.touchstone.db.."));
    private static final Path ARCHITECTURE = Path.of("docs", "architecture.md");
    private static final String ARROW = " ──> ";

    @Test
    void featureModulesRespectTheirBoundaries() {
        // verify() throws Violations listing every offending type; the description says which written rule broke.
        assertThatCode(MODULES::verify)
                .as("docs/architecture.md, Modules > Module dependencies: no cycles, no use of another module's"
                        + " internals, and only the dependencies each module declares in its package-info.java")
                .doesNotThrowAnyException();
    }

    /**
     * The dependency list in docs/architecture.md, the allowedDependencies the package-info.java files declare and
     * the dependencies the code has are one list: verify() alone would let a declaration outlive its last use, and
     * the page drift from both.
     */
    @Test
    void theDependencyListIsWhatTheModulesDeclareAndUse() throws IOException {
        Map<String, Set<String>> documented = documentedDependencies();
        Map<String, Set<String>> declared = new TreeMap<>();
        Map<String, Set<String>> used = new TreeMap<>();
        MODULES.forEach(module -> {
            String id = module.getIdentifier().toString();
            ApplicationModule annotation = module.getBasePackage().getAnnotation(ApplicationModule.class)
                    .orElseThrow(() -> new AssertionError(id + "'s package-info.java has no @ApplicationModule"));
            declared.put(id, Arrays.stream(annotation.allowedDependencies()).map(ModularityTest::normalized)
                    .collect(Collectors.toCollection(TreeSet::new)));
            used.put(id, module.getDirectDependencies(MODULES).stream()
                    .flatMap(dependency -> {
                        var target = dependency.getTargetModule();
                        return target.getNamedInterfaces().getNamedInterfacesContaining(dependency.getTargetType())
                                .map(named -> named.isUnnamed() ? target.getIdentifier().toString()
                                        : target.getIdentifier() + " :: " + named.getName());
                    })
                    .collect(Collectors.toCollection(TreeSet::new)));
        });
        assertThat(differences("docs/architecture.md", documented, "allowedDependencies", declared))
                .as("docs/architecture.md, Modules > Module dependencies: the list there is what each module's"
                        + " package-info.java declares in allowedDependencies")
                .isEmpty();
        assertThat(differences("the code", used, "allowedDependencies", declared))
                .as("docs/architecture.md, Modules > Module dependencies: each declared dependency is one the code"
                        + " has (remove a declaration, and its arrow there, when its last use goes)")
                .isEmpty();
    }

    @Test
    void theExpectedFeatureModulesExist() {
        assertThat(MODULES.stream().map(module -> module.getIdentifier().toString()))
                .contains("organization", "audit", "shell", "database", "demo");
    }

    @Test
    void viewsAndControllersNeverSeeGeneratedRecords() {
        ArchRule rule = noClasses().that(resideInAPackage("dev.touchstone..ui..")
                        .or(resideInAPackage("dev.touchstone..api..")))
                .should().dependOnClassesThat(resideInAPackage("dev.touchstone.db.."))
                .because("docs/architecture.md, Modules > Generated jOOQ classes: views and controllers get"
                        + " records from services, never jOOQ's generated classes");
        rule.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.touchstone"));
    }

    @Test
    void onlyRepositoriesTouchJooqTables() {
        ArchRule rule = noClasses().that(resideInAPackage("dev.touchstone..")
                        .and(not(resideInAPackage("dev.touchstone.db.."))))
                .and().haveSimpleNameNotEndingWith("Repository")
                .should().dependOnClassesThat(resideInAPackage("dev.touchstone.db.."))
                .because("docs/architecture.md, Modules > Generated jOOQ classes: only repositories touch jOOQ's"
                        + " generated classes");
        rule.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.touchstone"));
    }

    /**
     * The generated-classes rule above does not see SQL written as text: a class holding a {@code DSLContext} can
     * run any statement on any table. So only repositories may hold one, and every statement has a home that a
     * reader finds by name.
     */
    @Test
    void onlyRepositoriesRunSql() {
        ArchRule rule = noClasses().that(resideInAPackage("dev.touchstone..")
                        .and(not(resideInAPackage("dev.touchstone.db.."))))
                .and().haveSimpleNameNotEndingWith("Repository")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.jooq.DSLContext")
                .because("docs/architecture.md, Modules > SQL only in repositories: a DSLContext (and with it"
                        + " every SQL statement) lives in a package-private *Repository of the module that owns"
                        + " the tables");
        rule.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.touchstone"));
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(MODULES).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }

    /** The "module ──> a, b :: c" lines of the code block under "### Module dependencies". */
    private static Map<String, Set<String>> documentedDependencies() throws IOException {
        String page = Files.readString(ARCHITECTURE);
        int section = page.indexOf("### Module dependencies");
        assertThat(section).as("docs/architecture.md has a section 'Module dependencies'").isNotNegative();
        int open = page.indexOf("```\n", section) + 4;
        String block = page.substring(open, page.indexOf("```", open));
        Map<String, Set<String>> documented = new TreeMap<>();
        for (String line : block.strip().split("\n")) {
            assertThat(line).as("a line of the dependency list: module ──> dependencies").contains(ARROW);
            String module = line.substring(0, line.indexOf(ARROW)).strip();
            String targets = line.substring(line.indexOf(ARROW) + ARROW.length()).strip();
            documented.put(module, targets.equals("(nothing)") ? new TreeSet<>()
                    : Arrays.stream(targets.split(",")).map(ModularityTest::normalized)
                            .collect(Collectors.toCollection(TreeSet::new)));
        }
        return documented;
    }

    /** One line per arrow that one side has and the other lacks, e.g. "media ──> organization: in the code only". */
    private static List<String> differences(String leftName, Map<String, Set<String>> left, String rightName,
            Map<String, Set<String>> right) {
        Set<String> modules = new TreeSet<>(left.keySet());
        modules.addAll(right.keySet());
        List<String> differences = new ArrayList<>();
        for (String module : modules) {
            Set<String> inLeft = left.getOrDefault(module, Set.of());
            Set<String> inRight = right.getOrDefault(module, Set.of());
            inLeft.stream().filter(target -> !inRight.contains(target))
                    .forEach(target -> differences.add(module + ARROW + target + ": in " + leftName + " only"));
            inRight.stream().filter(target -> !inLeft.contains(target))
                    .forEach(target -> differences.add(module + ARROW + target + ": in " + rightName + " only"));
            if (!left.containsKey(module) || !right.containsKey(module)) {
                differences.add(module + ": a module in " + (left.containsKey(module) ? leftName : rightName)
                        + " only");
            }
        }
        return differences;
    }

    private static String normalized(String dependency) {
        return Arrays.stream(dependency.split("::")).map(String::strip).collect(Collectors.joining(" :: "));
    }
}
