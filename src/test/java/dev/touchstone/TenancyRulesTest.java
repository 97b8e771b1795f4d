package dev.touchstone;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.TouchstoneUser;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContextHolder;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The tenancy rule of docs/architecture.md, checked on the compiled classes: services resolve the organization once
 * and pass it in; repositories never read the signed-in principal and filter every statement on a tenant table (a
 * generated jOOQ table with an {@code ORGANIZATION_ID} column) by the organization id they are given.
 */
class TenancyRulesTest {

    private static final String SECTION = "docs/architecture.md, Tenancy";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.touchstone");

    /**
     * The statements that may leave the organization id out, by repository, each group with its reason (the same
     * list as docs/architecture.md, Tenancy). A new entry needs a reason a reviewer accepts and a line there.
     */
    private static final Map<String, Set<String>> ACROSS_ORGANIZATIONS = Map.of(
            // Sign-in and the switcher: the person's own memberships, keyed by their own user id.
            "MembershipRepository", Set.of("activeMembershipsOf", "organizationIdsOf"),
            // A bearer token names its organization: found by its secret's hash, then its use noted by its id.
            "ApiTokenRepository", Set.of("usable", "used"),
            // The import runner and its recovery sweep run without a signed-in member: each statement is keyed by
            // the id of a job that ImportService created in its organization, or sweeps every organization's jobs.
            "ImportJobRepository", Set.of("cancelRequested", "committedEpisodes", "counts", "existingJobs", "finish",
                    "heartbeat", "importingOrganizations", "interrupt", "liveJobs", "organizationsWithLiveJobs",
                    "progress", "runnable", "staleJobs", "start", "total"),
            // The sweep of orphaned blobs asks which of the episode ids named by blob keys still exist, anywhere.
            "DatasetRepository", Set.of("existingEpisodes"),
            // The retention sweep of idempotency keys deletes every organization's keys older than 24 hours.
            "IdempotencyRepository", Set.of("sweep"),
            // The upload sweep deletes every organization's expired uploads, and asks which upload files on disk
            // still have a row, anywhere.
            "UploadRepository", Set.of("expired", "deleteExpired", "existing"),
            // The webhook dispatcher takes every organization's due deliveries; each row carries its organization.
            // The retention sweep deletes every organization's finished deliveries by age and forgets previous
            // secrets past their grace period.
            "WebhookRepository", Set.of("claimDue", "pruneFinished", "dropExpiredSecrets"),
            // At start-up, every organization's SSO client secrets still in plain text (from before V26) are found
            // and encrypted, each then written back by its organization.
            "SsoSettingsRepository", Set.of("plainSecrets"));

    @Test
    void repositoriesNeverReadTheSignedInPrincipal() {
        ArchRule rule = noClasses().that().haveSimpleNameEndingWith("Repository")
                .should().dependOnClassesThat().belongToAnyOf(CurrentOrganization.class, TouchstoneUser.class,
                        SecurityContextHolder.class)
                .because(SECTION + ": services resolve CurrentOrganization.id() once and pass the organization id"
                        + " to repositories, which never read the security context");
        rule.check(CLASSES);
    }

    @Test
    void everyStatementOnATenantTableTakesTheOrganizationId() {
        ArchRule rule = methods().that().areDeclaredInClassesThat().haveSimpleNameEndingWith("Repository")
                .and().doNotHaveModifier(JavaModifier.PRIVATE)
                .and().doNotHaveModifier(JavaModifier.SYNTHETIC)
                .should(takeAnOrganizationIdWhenTheyTouchATenantTable())
                .because(SECTION + ": every statement on a table with an organization_id column is filtered by"
                        + " the organization id the caller passes (parameter organizationId); the exceptions are"
                        + " listed there");
        rule.check(CLASSES);
    }

    private static ArchCondition<JavaMethod> takeAnOrganizationIdWhenTheyTouchATenantTable() {
        return new ArchCondition<>("take a UUID organizationId parameter when they touch a tenant table") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                Set<String> tenantTables = tenantTablesReachedFrom(method);
                boolean satisfied = tenantTables.isEmpty() || hasOrganizationIdParameter(method)
                        || ACROSS_ORGANIZATIONS.getOrDefault(method.getOwner().getSimpleName(), Set.of())
                        .contains(method.getName());
                events.add(new SimpleConditionEvent(method, satisfied, method.getFullName() + " touches "
                        + tenantTables + " without a UUID organizationId parameter"));
            }
        };
    }

    /** Tenant tables the method reads or writes itself, in its lambdas, or through the private helpers it calls. */
    private static Set<String> tenantTablesReachedFrom(JavaMethod method) {
        JavaClass owner = method.getOwner();
        Set<JavaCodeUnit> seen = new HashSet<>();
        Deque<JavaCodeUnit> todo = new ArrayDeque<>();
        todo.add(method);
        // javac compiles a lambda to a synthetic method lambda$<enclosing>$<n> of the same class.
        owner.getCodeUnits().stream()
                .filter(unit -> unit.getName().startsWith("lambda$" + method.getName() + "$"))
                .forEach(todo::add);
        Set<String> tables = new TreeSet<>();
        while (!todo.isEmpty()) {
            JavaCodeUnit unit = todo.pop();
            if (!seen.add(unit)) {
                continue;
            }
            unit.getFieldAccesses().forEach(access -> {
                JavaClass type = access.getTarget().getRawType();
                if (isTenantTable(type)) {
                    tables.add(type.getSimpleName());
                }
            });
            unit.getCallsFromSelf().stream()
                    .filter(call -> call.getTargetOwner().equals(owner))
                    .flatMap(call -> call.getTarget().resolveMember().stream())
                    .filter(target -> target.getModifiers().contains(JavaModifier.PRIVATE)
                            || target.getModifiers().contains(JavaModifier.SYNTHETIC))
                    .forEach(target -> {
                        todo.add(target);
                        owner.getCodeUnits().stream()
                                .filter(lambda -> lambda.getName().startsWith("lambda$" + target.getName() + "$"))
                                .forEach(todo::add);
                    });
        }
        return tables;
    }

    private static boolean isTenantTable(JavaClass type) {
        if (!type.getPackageName().startsWith("dev.touchstone.db")) {
            return false;
        }
        try {
            return org.jooq.Table.class.isAssignableFrom(type.reflect())
                    && Arrays.stream(type.reflect().getFields()).anyMatch(f -> f.getName().equals("ORGANIZATION_ID"));
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Relies on javac's -parameters (spring-boot-starter-parent turns it on) for the parameter names. */
    private static boolean hasOrganizationIdParameter(JavaMethod method) {
        Method reflected = method.reflect();
        return Arrays.stream(reflected.getParameters())
                .anyMatch(p -> p.getType() == UUID.class && p.getName().equals("organizationId"));
    }
}
