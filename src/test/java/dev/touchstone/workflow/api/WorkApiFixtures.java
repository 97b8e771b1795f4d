package dev.touchstone.workflow.api;

import dev.touchstone.SignIn;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A dataset and a small schema (phase and contact of the starter) made as pm@acme.test, and extra annotators. */
record WorkApiFixtures(SignIn signIn, DatasetService datasets, EpisodeStore store, CurrentOrganization current,
                       LabelSchemaService schemas, OrganizationProvisioning provisioning) {

    static final long SECOND = 1_000_000_000L;
    static final long EPISODE_SECONDS = 4;

    record Data(UUID datasetId, UUID schemaId) {
    }

    Data datasetAndSchema(int episodes) {
        signIn.as("pm@acme.test");
        try {
            Dataset dataset = datasets.create("api " + UUID.randomUUID(), "");
            for (int i = 0; i < episodes; i++) {
                try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
                    recorder.describe(EpisodeDescription.of("episode " + i, "x.mcap", "test"));
                    EpisodeRecorder.SignalStreamWriter joints = recorder.signal("joints", StreamSource.of("x.mcap"),
                            List.of(new SignalChannel("j1", "rad")));
                    joints.append(0, 0.0);
                    joints.append(EPISODE_SECONDS * SECOND, 0.0);
                    recorder.commit();
                }
            }
            List<LabelSchema.Definition> definitions = LabelSchemaJson.humanoidStarter().definitions().stream()
                    .filter(d -> Set.of("phase", "contact").contains(d.key())).toList();
            UUID schemaId = schemas.create(new LabelSchema("api " + UUID.randomUUID(), "", definitions)).schemaId();
            return new Data(dataset.id(), schemaId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            signIn.out();
        }
    }

    /** An acme annotator with this e-mail, made on first use. */
    String annotator(String email, String name) {
        if (provisioning.accountOrganizations(email).isEmpty()) {
            provisioning.addMember(provisioning.organization("acme").orElseThrow(), email, name,
                    "correct horse battery 1", Set.of(Role.ANNOTATOR));
        }
        return email;
    }

    UUID userId(String email) {
        return provisioning.accountOrganizations(email).orElseThrow().userId();
    }
}
