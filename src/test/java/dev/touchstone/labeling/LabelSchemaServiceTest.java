package dev.touchstone.labeling;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.audit.AuditEntry;
import dev.touchstone.audit.AuditService;
import dev.touchstone.organization.NotFoundInOrganizationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Label schemas in PostgreSQL: versions, immutability once in use, concurrent saves, roles and tenants. */
@TouchstoneSpringTest
class LabelSchemaServiceTest {

    @Autowired
    SignIn signIn;
    @Autowired
    LabelSchemaService schemas;
    @Autowired
    AuditService audit;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    private static LabelSchema starterNamed(String name) {
        LabelSchema starter = LabelSchemaJson.humanoidStarter();
        return new LabelSchema(name, starter.description(), starter.definitions());
    }

    private static LabelSchema withoutLastDefinition(LabelSchema schema) {
        List<LabelSchema.Definition> definitions = new ArrayList<>(schema.definitions());
        definitions.removeLast();
        return new LabelSchema(schema.name(), schema.description(), definitions);
    }

    @Test
    void theDemoOrganizationsStartWithTheHumanoidSchema() {
        signIn.as("qa@acme.test");
        assertThat(schemas.schemas()).extracting(SchemaSummary::name).contains("Humanoid manipulation (starter)");
    }

    @Test
    void aSchemaInUseNeverChangesAndEditingItMakesTheNextVersion() {
        signIn.as("pm@acme.test");
        String name = "pick-place " + UUID.randomUUID();
        SchemaVersion first = schemas.importJson(LabelSchemaJson.write(starterNamed(name)));
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.inUse()).isFalse();

        SchemaVersion edited = schemas.save(first.schemaId(), 1, withoutLastDefinition(first.schema()));
        assertThat(edited.id()).as("an unused version is edited in place").isEqualTo(first.id());
        assertThat(edited.version()).isEqualTo(1);
        assertThat(edited.schema().definitions()).hasSize(first.schema().definitions().size() - 1);

        schemas.markInUse(first.id());
        schemas.markInUse(first.id());
        SchemaVersion second = schemas.save(first.schemaId(), 1, starterNamed(name + " v2"));
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(schemas.version(first.id()).orElseThrow().schema().definitions())
                .as("the used version is unchanged").hasSize(first.schema().definitions().size() - 1);
        assertThat(schemas.versions(first.schemaId())).extracting(SchemaVersion::version).containsExactly(2, 1);
        assertThat(schemas.schemas()).filteredOn(s -> s.schemaId().equals(first.schemaId())).singleElement()
                .satisfies(s -> {
                    assertThat(s.name()).isEqualTo(name + " v2");
                    assertThat(s.latestVersion()).isEqualTo(2);
                    assertThat(s.definitions()).isEqualTo(first.schema().definitions().size());
                });

        assertThatThrownBy(() -> schemas.save(first.schemaId(), 1, starterNamed(name + " stale")))
                .as("an editor still showing version 1 cannot overwrite version 2")
                .isInstanceOf(StaleSchemaException.class).hasMessageContaining("Version 2");
        assertThat(LabelSchemaJson.read(schemas.exportJson(second.id()))).isEqualTo(second.schema());

        signIn.out();
        signIn.as("admin@acme.test");
        assertThat(audit.page("labeling.schema.", 0, 50)).extracting(AuditEntry::targetId)
                .contains(first.schemaId().toString());
    }

    @Test
    void invalidSchemasAndTakenNamesAreRefusedAndNothingIsStored() {
        signIn.as("pm@acme.test");
        int before = schemas.schemas().size();
        assertThatThrownBy(() -> schemas.importJson("{\"format\":\"touchstone-label-schema/1\",\"name\":\"x\","
                + "\"definitions\":[{\"key\":\"p\",\"name\":\"P\",\"type\":\"phase\"}]}"))
                .isInstanceOf(InvalidLabelSchemaException.class).hasMessageContaining("needs at least one class");
        String name = "taken " + UUID.randomUUID();
        schemas.create(starterNamed(name));
        assertThatThrownBy(() -> schemas.create(starterNamed(name.toUpperCase())))
                .isInstanceOf(InvalidLabelSchemaException.class).hasMessageContaining("already a label schema");
        assertThat(schemas.schemas()).hasSize(before + 1);
    }

    @Test
    void rolesAndOrganizationsAreRespected() {
        signIn.as("pm@acme.test");
        SchemaVersion acme = schemas.create(starterNamed("acme only " + UUID.randomUUID()));
        signIn.out();

        signIn.as("qa@acme.test");
        assertThat(schemas.version(acme.id())).as("QA leads read").isPresent();
        assertThatThrownBy(() -> schemas.create(starterNamed("qa " + UUID.randomUUID())))
                .isInstanceOf(AccessDeniedException.class);
        signIn.out();

        for (String outsider : List.of("annotator@acme.test", "customer@acme.test")) {
            signIn.as(outsider);
            assertThatThrownBy(() -> schemas.schemas()).isInstanceOf(AccessDeniedException.class);
            signIn.out();
        }

        signIn.as("admin@globex.test");
        assertThat(schemas.version(acme.id())).as("another organization sees nothing").isEmpty();
        assertThat(schemas.schemas()).extracting(SchemaSummary::schemaId).doesNotContain(acme.schemaId());
        assertThatThrownBy(() -> schemas.markInUse(acme.id())).isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> schemas.save(acme.schemaId(), 1, starterNamed("stolen")))
                .isInstanceOf(NotFoundInOrganizationException.class);
    }
}
