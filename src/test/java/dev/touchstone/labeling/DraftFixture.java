package dev.touchstone.labeling;

import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.organization.CurrentOrganization;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * What a draft test needs before it opens a draft: a 10 s episode (one signal stream) in a new dataset, and a fresh
 * copy of the starter schema, made by whoever is signed in (a project manager or admin).
 */
public final class DraftFixture {

    public record EpisodeAndSchema(UUID episode, UUID schemaVersion) {
    }

    private static final long SECOND = 1_000_000_000L;

    private DraftFixture() {
    }

    public static EpisodeAndSchema tenSecondEpisodeAndStarterCopy(String name, DatasetService datasets,
                                                                  EpisodeStore store, LabelSchemaService schemas,
                                                                  CurrentOrganization current) throws IOException {
        return tenSecondEpisodeAndCopy(name, LabelSchemaJson.humanoidStarter(), datasets, store, schemas, current);
    }

    /** The same with a fresh copy of {@code schema} (e.g. the sim-to-real gaps schema). */
    public static EpisodeAndSchema tenSecondEpisodeAndCopy(String name, LabelSchema schema, DatasetService datasets,
                                                           EpisodeStore store, LabelSchemaService schemas,
                                                           CurrentOrganization current) throws IOException {
        Dataset dataset = datasets.create(name + " " + UUID.randomUUID(), "");
        UUID episode;
        try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
            recorder.describe(EpisodeDescription.of("ten-seconds", "x.mcap", "test"));
            EpisodeRecorder.SignalStreamWriter joints = recorder.signal("joints", StreamSource.of("x.mcap"),
                    List.of(new SignalChannel("j1", "rad")));
            for (long t = 0; t <= 10 * SECOND; t += 100_000_000L) {
                joints.append(t, 0.0);
            }
            episode = recorder.commit().id();
        }
        SchemaVersion version = schemas.create(new LabelSchema(name + " " + UUID.randomUUID(), "",
                schema.definitions()));
        return new EpisodeAndSchema(episode, version.id());
    }
}
