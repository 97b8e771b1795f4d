package dev.touchstone;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

class ModularityTest {

    // jOOQ's generated classes are the database schema, not a feature module.
    private static final ApplicationModules MODULES = ApplicationModules.of(TouchstoneApplication.class,
            resideInAPackage("dev.touchstone.db.."));

    @Test
    void featureModulesRespectTheirBoundaries() {
        MODULES.verify();
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
                .should().dependOnClassesThat(resideInAPackage("dev.touchstone.db.."));
        rule.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.touchstone"));
    }

    @Test
    void onlyRepositoriesTouchJooqTables() {
        ArchRule rule = noClasses().that(resideInAPackage("dev.touchstone..")
                        .and(not(resideInAPackage("dev.touchstone.db.."))))
                .and().haveSimpleNameNotEndingWith("Repository")
                .and().haveSimpleNameNotEndingWith("LoginThrottle")
                .should().dependOnClassesThat(resideInAPackage("dev.touchstone.db.."));
        rule.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.touchstone"));
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(MODULES).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
