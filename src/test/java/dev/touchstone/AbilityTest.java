package dev.touchstone;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.ingest.ImportService;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.Role;
import dev.touchstone.organization.TouchstoneUser;
import dev.touchstone.release.ReleaseService;
import dev.touchstone.workflow.ReviewService;
import dev.touchstone.workflow.WorkflowService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One source for who may do what (docs/architecture.md, "Who may do what"): services declare an {@link Ability} in
 * {@code @PreAuthorize}, views ask {@link TouchstoneUser#may}. These checks fail when a view offers an action under a
 * different ability than the service method behind it requires, or when a view works out roles by itself again.
 */
class AbilityTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.touchstone");

    /** A view's check, the ability it asks for, and the service method it guards. */
    record Gate(String view, Ability ability, Class<?> service, String method) {
        @Override
        public String toString() {
            return view + " → " + service.getSimpleName() + "." + method + " (" + ability + ")";
        }
    }

    static Stream<Gate> gates() {
        return Stream.of(
                new Gate("dev.touchstone.dataset.ui.DatasetsView", Ability.MANAGE, DatasetService.class, "create"),
                new Gate("dev.touchstone.dataset.ui.DatasetView", Ability.MANAGE, ImportService.class,
                        "importUpload"),
                new Gate("dev.touchstone.ingest.ui.ImportView", Ability.IMPORT_FROM_SERVER, ImportService.class,
                        "importServerPath"),
                new Gate("dev.touchstone.ingest.ui.ImportView", Ability.IMPORT_FROM_SERVER, ImportService.class,
                        "importStoragePrefix"),
                new Gate("dev.touchstone.labeling.ui.LabelSchemaView", Ability.MANAGE, LabelSchemaService.class,
                        "save"),
                new Gate("dev.touchstone.release.ui.ReleasesView", Ability.MANAGE, ReleaseService.class, "create"),
                new Gate("dev.touchstone.workflow.ui.ProjectFormat", Ability.MANAGE, WorkflowService.class,
                        "createProject"),
                new Gate("dev.touchstone.workflow.ui.ProjectFormat", Ability.MANAGE, WorkflowService.class,
                        "updateProject"),
                new Gate("dev.touchstone.workflow.ui.ProjectFormat", Ability.MANAGE, WorkflowService.class,
                        "setProjectState"),
                new Gate("dev.touchstone.workflow.ui.ProjectFormat", Ability.REVIEW, ReviewService.class,
                        "promoteToGold"),
                new Gate("dev.touchstone.workflow.ui.ProjectFormat", Ability.REVIEW, ReviewService.class,
                        "setGoldAnswer"),
                new Gate("dev.touchstone.quality.ui.AgreementDashboardView", Ability.REVIEW, ReviewService.class,
                        "review"),
                new Gate("dev.touchstone.curation.ui.PairsView", Ability.MANAGE,
                        dev.touchstone.curation.EpisodePairs.class, "create"),
                new Gate("dev.touchstone.curation.ui.PairsView", Ability.MANAGE,
                        dev.touchstone.curation.EpisodePairs.class, "pairByKey"),
                new Gate("dev.touchstone.curation.ui.PairsView", Ability.MANAGE,
                        dev.touchstone.curation.EpisodePairs.class, "delete"),
                new Gate("dev.touchstone.apitoken.ui.ApiTokensView", Ability.API_TOKENS,
                        dev.touchstone.apitoken.ApiTokenService.class, "organizationTokens"),
                new Gate("dev.touchstone.apitoken.ui.ApiTokensView", Ability.API_TOKENS,
                        dev.touchstone.apitoken.ApiTokenService.class, "revokeAny"));
    }

    @ParameterizedTest
    @MethodSource("gates")
    void aViewOffersAnActionUnderTheAbilityTheServiceRequires(Gate gate) {
        List<Method> methods = Arrays.stream(gate.service().getMethods())
                .filter(m -> m.getName().equals(gate.method())).toList();
        assertThat(methods).as("%s has a public method %s", gate.service().getSimpleName(), gate.method())
                .isNotEmpty();
        for (Method method : methods) {
            PreAuthorize declared = AnnotatedElementUtils.findMergedAnnotation(method, PreAuthorize.class);
            if (declared == null) {
                declared = AnnotatedElementUtils.findMergedAnnotation(gate.service(), PreAuthorize.class);
            }
            assertThat(declared).as("%s is guarded", method).isNotNull();
            assertThat(declared.value()).as("the ability %s requires", method).isEqualTo(gate.ability().expression());
        }
        JavaClass view = MAIN.get(gate.view());
        assertThat(view.getFieldAccessesFromSelf()).as("%s asks for %s", gate.view(), gate.ability())
                .anyMatch(access -> access.getTargetOwner().isEquivalentTo(Ability.class)
                        && access.getName().equals(gate.ability().name()));
    }

    @ParameterizedTest
    @EnumSource(Ability.class)
    void eachExpressionSpellsItsAbility(Ability ability) throws ReflectiveOperationException {
        Object constant = Ability.Expressions.class.getField(ability.name()).get(null);
        assertThat(constant).isEqualTo(ability.expression());
    }

    @Test
    void expressionsNameTheRolesAsSpringSecurityDoes() {
        // Worked example: managing is for admins and project managers, and the order is the enum's.
        assertThat(Ability.MANAGE.expression()).isEqualTo("hasAnyRole('ADMIN', 'PROJECT_MANAGER')");
        assertThat(Ability.IMPORT_FROM_SERVER.expression()).isEqualTo("hasRole('ADMIN')");
        assertThat(Ability.REVIEW.allows(EnumSet.of(Role.QA_LEAD, Role.ANNOTATOR))).isTrue();
        assertThat(Ability.REVIEW.allows(EnumSet.of(Role.PROJECT_MANAGER))).isFalse();
    }

    @Test
    void viewsDoNotWorkOutRolesThemselves() {
        // HomeView picks a landing page per role, which is not a permission.
        ArchRule rule = noClasses().that().resideInAPackage("dev.touchstone..ui..")
                .and(simpleName("HomeView").negate())
                .should().callMethod(TouchstoneUser.class, "hasRole", Role.class)
                .orShould().accessField(Role.class, "ADMIN")
                .orShould().accessField(Role.class, "PROJECT_MANAGER")
                .orShould().accessField(Role.class, "QA_LEAD")
                .orShould().accessField(Role.class, "ANNOTATOR")
                .orShould().accessField(Role.class, "CUSTOMER")
                .because("who may do what is written once, in organization.Ability, and read by services and views"
                        + " alike (docs/architecture.md, \"Who may do what\")");
        rule.check(MAIN);
    }
}
