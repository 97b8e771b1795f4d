package dev.touchstone.demo;

import dev.touchstone.ingest.SystemImports;
import dev.touchstone.labeling.LabelSchemaStore;
import dev.touchstone.organization.Organization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Seeds the demo organizations once (when the demo organization does not exist yet) and tells the sign-in page
 * which demo logins exist. Demo mode is on by default with the embedded database and off with an external one,
 * unless {@code touchstone.demo} says otherwise.
 */
@Service
// Before DemoProject, which signs in as the accounts seeded here. Without an order Spring runs runners in bean
// registration order, which differs between the jar and a class folder: development mode once ran DemoProject first.
@Order(0)
public class DemoData implements ApplicationRunner {

    public static final String PASSWORD = "touchstone-demo";

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private record Person(String email, String name, String organizationSlug, Set<Role> roles) {
    }

    private static final List<Person> PEOPLE = List.of(
            new Person("admin@acme.test", "Ada Admin", "acme", EnumSet.of(Role.ADMIN)),
            new Person("pm@acme.test", "Pat Manager", "acme", EnumSet.of(Role.PROJECT_MANAGER)),
            new Person("qa@acme.test", "Quinn Lead", "acme", EnumSet.of(Role.QA_LEAD)),
            new Person("annotator@acme.test", "Ana Annotator", "acme", EnumSet.of(Role.ANNOTATOR)),
            // A second annotator, so that overlap, consensus and review can be tried with the demo logins alone.
            new Person("annotator2@acme.test", "Ben Annotator", "acme", EnumSet.of(Role.ANNOTATOR)),
            new Person("customer@acme.test", "Cory Customer", "acme", EnumSet.of(Role.CUSTOMER)),
            new Person("contractor@touchstone.test", "Casey Contractor", "acme", EnumSet.of(Role.ANNOTATOR)),
            new Person("contractor@touchstone.test", "Casey Contractor", "globex", EnumSet.of(Role.QA_LEAD)),
            new Person("admin@globex.test", "Gil Admin", "globex", EnumSet.of(Role.ADMIN)),
            new Person("annotator@globex.test", "Gabi Annotator", "globex", EnumSet.of(Role.ANNOTATOR)));

    private final OrganizationProvisioning provisioning;
    private final TransactionTemplate transactions;
    private final SystemImports imports;
    private final LabelSchemaStore labelSchemas;
    private final boolean enabled;
    private final int episodes;
    private final boolean smallEpisodes;
    private final int pairs;

    DemoData(OrganizationProvisioning provisioning, TransactionTemplate transactions, SystemImports imports,
             LabelSchemaStore labelSchemas,
             @Value("${touchstone.demo:}") String demo, @Value("${touchstone.db.url:}") String externalUrl,
             @Value("${touchstone.demo.episodes:6}") int episodes,
             @Value("${touchstone.demo.small-episodes:false}") boolean smallEpisodes,
             @Value("${touchstone.demo.pairs:2}") int pairs) {
        this.provisioning = provisioning;
        this.transactions = transactions;
        this.imports = imports;
        this.labelSchemas = labelSchemas;
        this.enabled = demo == null || demo.isBlank() ? externalUrl.isBlank() : Boolean.parseBoolean(demo.trim());
        this.episodes = episodes;
        this.smallEpisodes = smallEpisodes;
        this.pairs = pairs;
    }

    /**
     * Generated episodes arrive through the import queue in the background, so the server is up at once and the
     * datasets page shows them appearing one by one.
     */
    private void queueEpisodes() {
        if (imports.queueDemoEpisodes("acme", "Pick and place (synthetic)", episodes, 1, smallEpisodes, pairs)) {
            log.info("Demo mode: generating {} synthetic episodes and {} sim/real pairs into acme's dataset"
                    + " 'Pick and place (synthetic)' in the background", episodes, pairs);
        }
    }

    /** Demo logins added in later versions (a second annotator) reach data folders made before them. */
    private void addMissingPeople() {
        transactions.executeWithoutResult(status -> {
            for (Person person : PEOPLE) {
                if (provisioning.accountOrganizations(person.email()).isEmpty()) {
                    provisioning.organization(person.organizationSlug()).ifPresent(organization ->
                            provisioning.addMember(organization, person.email(), person.name(), PASSWORD,
                                    person.roles()));
                }
            }
        });
    }

    /**
     * Both demo organizations start with the humanoid-manipulation schema and the sim-to-real gaps schema (also in data
     * folders from before them).
     */
    private void seedLabelSchemas() {
        for (String slug : List.of("acme", "globex")) {
            provisioning.organization(slug).ifPresent(organization -> {
                if (labelSchemas.ensureStarter(organization.id())) {
                    log.info("Demo mode: added the starter label schema to '{}'", slug);
                }
                if (labelSchemas.ensureSimToRealGaps(organization.id())) {
                    log.info("Demo mode: added the sim-to-real gaps label schema to '{}'", slug);
                }
            });
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** The demo logins, when demo mode is on; empty otherwise. */
    public List<DemoAccount> accounts() {
        if (!enabled) {
            return List.of();
        }
        return PEOPLE.stream()
                .collect(Collectors.groupingBy(Person::email, java.util.LinkedHashMap::new, Collectors.toList()))
                .values().stream()
                .map(memberships -> new DemoAccount(memberships.getFirst().email(), PASSWORD,
                        memberships.stream().map(Person::organizationSlug).collect(Collectors.joining(", ")),
                        memberships.stream().map(p -> p.roles().stream().map(Role::label)
                                .collect(Collectors.joining(" + "))).collect(Collectors.joining(", "))))
                .toList();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled) {
            log.info("Demo mode is off");
            return;
        }
        if (provisioning.organization("acme").isPresent()) {
            log.info("Demo mode: demo organizations already present; sign in as admin@acme.test / {}", PASSWORD);
            addMissingPeople();
            seedLabelSchemas();
            queueEpisodes();
            return;
        }
        transactions.executeWithoutResult(status -> {
            Organization acme = provisioning.createOrganization("acme", "Acme Robotics");
            Organization globex = provisioning.createOrganization("globex", "Globex Humanoids");
            for (Person person : PEOPLE) {
                provisioning.addMember(person.organizationSlug().equals("acme") ? acme : globex, person.email(),
                        person.name(), PASSWORD, person.roles());
            }
        });
        log.info("Demo mode: seeded organizations 'acme' and 'globex' with {} logins (password '{}')",
                accounts().size(), PASSWORD);
        seedLabelSchemas();
        queueEpisodes();
    }
}
