package dev.touchstone.curation;

import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.signal.SignalChannel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The hand-counted fixture of docs/curation.md ("Worked example"): twelve episodes with object, lighting and
 * object_x in their metadata (e11 lacks object, e12 lacks object_x), and the outcome CSV. Public for the browser test.
 */
public final class CoverageFixture {

    /** name, object, lighting, object_x (null: key absent). */
    public static final String[][] EPISODES = {
            {"e01", "cube", "bright", "0.05"},
            {"e02", "cube", "bright", "0.15"},
            {"e03", "cube", "bright", "0.25"},
            {"e04", "cube", "dim", "0.05"},
            {"e05", "mug", "bright", "0.10"},
            {"e06", "mug", "bright", "0.30"},
            {"e07", "mug", "dim", "0.2"},
            {"e08", "mug", "dim", "0.0"},
            {"e09", "bottle", "dim", "0.12"},
            {"e10", "bottle", "dim", "0.18"},
            {"e11", null, "bright", "0.05"},
            {"e12", "cube", "bright", null},
    };

    public static final String OUTCOMES = """
            episode,outcome
            e01,success
            e02,fail
            e03,success
            e05,success
            e06,success
            e07,fail
            e09,success
            e10,fail
            """;

    private CoverageFixture() {
    }

    /** Records the twelve episodes into the dataset; returns their ids by name. */
    public static Map<String, UUID> record(EpisodeStore store, UUID organizationId, UUID datasetId) {
        Map<String, UUID> ids = new LinkedHashMap<>();
        for (String[] e : EPISODES) {
            Map<String, String> metadata = new LinkedHashMap<>();
            if (e[1] != null) {
                metadata.put("object", e[1]);
            }
            metadata.put("lighting", e[2]);
            if (e[3] != null) {
                metadata.put("object_x", e[3]);
            }
            ids.put(e[0], episode(store, organizationId, datasetId, e[0], metadata));
        }
        return ids;
    }

    public static UUID episode(EpisodeStore store, UUID organizationId, UUID datasetId, String name,
                               Map<String, String> metadata) {
        try (EpisodeRecorder recorder = store.record(organizationId, datasetId, null)) {
            recorder.describe(EpisodeDescription.of(name, name + ".mcap", "test").withMetadata(metadata));
            EpisodeRecorder.SignalStreamWriter joints = recorder.signal("joints", StreamSource.of(name + ".mcap"),
                    List.of(new SignalChannel("j1", "rad")));
            joints.append(0, 0.0);
            joints.append(1_000_000_000L, 0.0);
            return recorder.commit().id();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The factors of the worked example: object and lighting (metadata), object_x in 0.1 m bins, outcome (manual). */
    public static void declare(FactorService factors, UUID datasetId) {
        factors.declare(datasetId, NewFactor.categorical("object", "Object", List.of("cube", "mug", "bottle"),
                FactorSource.METADATA, "object"));
        factors.declare(datasetId, NewFactor.categorical("lighting", "Lighting", List.of("bright", "dim"),
                FactorSource.METADATA, "lighting"));
        factors.declare(datasetId, NewFactor.numeric("object_x", "Object x (m)", List.of(0.0, 0.1, 0.2, 0.3),
                FactorSource.METADATA, "object_x"));
        factors.declare(datasetId, NewFactor.categorical("outcome", "Outcome", List.of("success", "fail"),
                FactorSource.MANUAL, null).withSuccess(List.of("success")));
        factors.uploadCsv(datasetId, OUTCOMES);
    }
}
