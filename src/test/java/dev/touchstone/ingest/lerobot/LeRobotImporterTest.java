package dev.touchstone.ingest.lerobot;

import dev.touchstone.ingest.CapturingRecorder;
import dev.touchstone.ingest.EpisodeSource;
import dev.touchstone.ingest.ImportFormatException;
import dev.touchstone.ingest.ImportProgress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeRobotImporterTest {

    @TempDir
    Path work;

    private final LeRobotV21Importer v21 = new LeRobotV21Importer();
    private final LeRobotV30Importer v30 = new LeRobotV30Importer();

    private static Path sample(String relative) {
        Path path = Path.of("..", "shared", "samples", "lerobot-meta").resolve(relative);
        Assumptions.assumeTrue(Files.isDirectory(path), "shared sample " + path.toAbsolutePath().normalize()
                + " is absent: skipping this metadata conformance test");
        return path;
    }

    @Test
    void realV21MetadataIsParsedIntoSignalAndVideoFeatures() throws Exception {
        Path folder = sample("v21_apple_storage");
        assertThat(v21.accepts(folder)).isTrue();
        assertThat(v30.accepts(folder)).isFalse();

        LeRobotInfo info = LeRobotInfo.read(folder, "v21_apple_storage");
        assertThat(info.robotType()).isEqualTo("reachy2");
        assertThat(info.fps()).isEqualTo(30.0);
        assertThat(info.videoKeys()).containsExactly("observation.image");
        assertThat(info.signals()).extracting(LeRobotInfo.SignalFeature::key)
                .containsExactly("observation.state", "action");
        // names is null in this dataset: indexed names, one per value of the 19-wide vector
        assertThat(info.signals().getFirst().channels()).hasSize(19)
                .startsWith("observation.state[0]", "observation.state[1]").endsWith("observation.state[18]");
    }

    @Test
    void realV30MetadataWithStaleSplitsPassesWithANote() throws Exception {
        Path folder = sample("v30_apple_storage");
        LeRobotInfo info = v30.info(folder, "v30_apple_storage");
        // this sample has no meta/episodes/, so the episode-level totals cannot be compared here
        assertThat(info.totalEpisodes()).isEqualTo(3);
        assertThat(LeRobotImporter.bookkeepingNotes(info, List.of())).containsExactly(
                "v30_apple_storage/meta/info.json: split 'train' covers episodes 0:50 but total_episodes is 3; "
                        + "the split was ignored",
                "v30_apple_storage/meta/info.json: total_episodes is 3 but the episode metadata lists 0 episodes; "
                        + "the listed episodes were imported",
                "v30_apple_storage/meta/info.json: total_frames is 14983 but the listed episodes' lengths add up "
                        + "to 0");
    }

    @Test
    void realV21MetadataWithStaleSplitsAndTotalFramesPassesWithNotes() throws Exception {
        Path folder = sample("v21_apple_storage");
        LeRobotInfo info = v21.info(folder, "v21_apple_storage");
        List<LeRobotEpisode> episodes = v21.listEpisodes(folder, "v21_apple_storage", info);
        assertThat(episodes).extracting(LeRobotEpisode::length).containsExactly(299L, 300L, 300L);
        assertThat(LeRobotImporter.bookkeepingNotes(info, episodes)).containsExactly(
                "v21_apple_storage/meta/info.json: split 'train' covers episodes 0:50 but total_episodes is 3; "
                        + "the split was ignored",
                "v21_apple_storage/meta/info.json: total_frames is 14983 but the listed episodes' lengths add up "
                        + "to 899");
        // the sample is metadata only: what stops it now is the absent payload, not its stale bookkeeping
        assertThatThrownBy(() -> v21.episodes(folder))
                .isInstanceOf(ImportFormatException.class)
                .hasMessage("v21_apple_storage/data/chunk-000/episode_000000.parquet: is missing (data of episode 0)");
    }

    @Test
    void v21EpisodesBecomeSignalsAndVideosWithRowTimestamps() throws Exception {
        Path folder = LeRobotFixtures.v21(work, 5, 7);
        assertThat(v21.accepts(folder)).isTrue();
        assertThat(v30.accepts(folder)).isFalse();
        List<EpisodeSource> episodes = v21.episodes(folder);
        assertThat(episodes).extracting(EpisodeSource::name).containsExactly("episode_000000", "episode_000001");

        CapturingRecorder recorder = new CapturingRecorder(work);
        v21.read(episodes.get(1), recorder, ImportProgress.NONE);

        assertThat(recorder.description.robot()).isEqualTo("so100");
        assertThat(recorder.description.task()).isEqualTo("stack the cubes");
        assertThat(recorder.description.sourceFormat()).isEqualTo("lerobot-v2.1");
        assertThat(recorder.signals).containsOnlyKeys("observation.state", "action", "observation.effort");
        CapturingRecorder.Signal state = recorder.signals.get("observation.state");
        assertThat(state.channels()).extracting(c -> c.name()).containsExactly("shoulder", "elbow", "wrist");
        assertThat(recorder.signals.get("action").channels()).extracting(c -> c.name())
                .as("names given as {motors: [...]}").containsExactly("left", "right");
        assertThat(recorder.signals.get("observation.effort").channels()).extracting(c -> c.name())
                .containsExactly("observation.effort[0]", "observation.effort[1]");
        assertThat(state.timestamps()).hasSize(7).first().isEqualTo(0L);
        // float32 seconds: 0.6 s is stored as 0.60000002384 s
        assertThat(state.timestamps().get(6)).isCloseTo(600_000_000L, org.assertj.core.data.Offset.offset(100L));
        // episode 1 starts at global index 5
        assertThat(state.samples().getFirst()).containsExactly(5.0, 10.0, 15.0);

        CapturingRecorder.Video video = recorder.videos.get(LeRobotFixtures.CAMERA);
        assertThat(video.frameTimestamps()).containsExactly(state.timestamps().stream().mapToLong(Long::longValue)
                .toArray());
        assertThat(video.source().file()).isEqualTo("so100_v21/videos/chunk-000/" + LeRobotFixtures.CAMERA
                + "/episode_000001.mp4");
        assertThat(Files.mismatch(video.copy(), folder.resolve(
                "videos/chunk-000/" + LeRobotFixtures.CAMERA + "/episode_000001.mp4")))
                .as("per-episode AV1 handed over untouched").isEqualTo(-1L);
    }

    @Test
    void v30EpisodeIsAFrameExactSliceOfTheSharedVideo() throws Exception {
        Path folder = LeRobotFixtures.v30(work, true, 4, 6, 5);
        assertThat(v30.accepts(folder)).isTrue();
        List<EpisodeSource> episodes = v30.episodes(folder);
        assertThat(episodes).extracting(EpisodeSource::key).containsExactly("0", "1", "2");

        CapturingRecorder recorder = new CapturingRecorder(work);
        v30.read(episodes.get(1), recorder, ImportProgress.NONE);

        assertThat(recorder.description.task()).isEqualTo("stack the cubes; then wave");
        assertThat(recorder.description.sourceFormat()).isEqualTo("lerobot-v3.0");
        CapturingRecorder.Signal state = recorder.signals.get("observation.state");
        assertThat(state.samples()).hasSize(6);
        assertThat(state.samples().getFirst()).containsExactly(4.0, 8.0, 12.0);
        CapturingRecorder.Video video = recorder.videos.get(LeRobotFixtures.CAMERA);
        assertThat(video.frameTimestamps()).hasSize(6).startsWith(0L);
        assertThat(LeRobotFixtures.frameNumbers(video.copy(), work)).as("frames 4..9 of the shared file")
                .containsExactlyElementsOf(IntStream.rangeClosed(4, 9).boxed().toList());
        assertThat(recorder.notes).anySatisfy(note -> assertThat(note).contains("re-encoded"));

        CapturingRecorder last = new CapturingRecorder(work);
        v30.read(episodes.get(2), last, ImportProgress.NONE);
        assertThat(LeRobotFixtures.frameNumbers(last.videos.get(LeRobotFixtures.CAMERA).copy(), work))
                .containsExactlyElementsOf(IntStream.rangeClosed(10, 14).boxed().toList());
    }

    @Test
    void staleTotalsOfATrimmedDatasetImportWithNotesOnEachEpisode() throws Exception {
        Path folder = LeRobotFixtures.v21(work, 3, 3);
        Path info = folder.resolve("meta/info.json");
        // as if cut from a 50-episode dataset whose info.json was copied along unchanged
        Files.writeString(info, Files.readString(info).replace("\"total_episodes\": 2", "\"total_episodes\": 50")
                .replace("\"total_frames\": 6", "\"total_frames\": 14983").replace("\"0:2\"", "\"0:60\""));
        List<EpisodeSource> episodes = v21.episodes(folder);
        assertThat(episodes).extracting(EpisodeSource::key).containsExactly("0", "1");

        for (EpisodeSource episode : episodes) {
            CapturingRecorder recorder = new CapturingRecorder(work);
            v21.read(episode, recorder, ImportProgress.NONE);
            assertThat(recorder.signals.get("observation.state").samples()).hasSize(3);
            assertThat(recorder.notes).containsExactly(
                    "so100_v21/meta/info.json: split 'train' covers episodes 0:60 but total_episodes is 50; "
                            + "the split was ignored",
                    "so100_v21/meta/info.json: total_episodes is 50 but the episode metadata lists 2 episodes; "
                            + "the listed episodes were imported",
                    "so100_v21/meta/info.json: total_frames is 14983 but the listed episodes' lengths add up to 6");
        }
    }

    @Test
    void malformedSplitIsANoteNotARefusal() throws Exception {
        Path folder = Files.createDirectories(work.resolve("odd_splits/meta"));
        Files.writeString(folder.resolve("info.json"), LeRobotFixtures.info("v2.1", 2, 6, "data/e.parquet",
                "videos/{video_key}.mp4").replace("\"0:2\"", "\"first half\""));
        LeRobotInfo info = v21.info(folder.getParent(), "odd_splits");
        assertThat(info.splitNotes()).containsExactly(
                "odd_splits/meta/info.json: split 'train' is 'first half', not 'from:to'; it was ignored");
    }

    @Test
    void consistentMetadataAddsNoNotes() throws Exception {
        Path folder = LeRobotFixtures.v21(work, 3);
        CapturingRecorder recorder = new CapturingRecorder(work);
        v21.read(v21.episodes(folder).getFirst(), recorder, ImportProgress.NONE);
        assertThat(recorder.notes).isEmpty();
    }

    @Test
    void episodeListedTwiceIsRefused() throws Exception {
        Path folder = LeRobotFixtures.v21(work, 3);
        Path list = folder.resolve("meta/episodes.jsonl");
        Files.writeString(list, Files.readString(list).repeat(2));
        assertThatThrownBy(() -> v21.episodes(folder))
                .isInstanceOf(ImportFormatException.class)
                .hasMessage("so100_v21: episode 0 is listed twice");
    }

    @Test
    void missingDataFileIsRefused() throws Exception {
        Path folder = LeRobotFixtures.v21(work, 3, 3);
        Files.delete(folder.resolve("data/chunk-000/episode_000001.parquet"));
        assertThatThrownBy(() -> v21.episodes(folder))
                .isInstanceOf(ImportFormatException.class)
                .hasMessage("so100_v21/data/chunk-000/episode_000001.parquet: is missing (data of episode 1)");
    }

    @Test
    void missingVideoIsNamed() throws Exception {
        Path folder = LeRobotFixtures.v30(work, false, 3, 3);
        Files.delete(folder.resolve("videos/" + LeRobotFixtures.CAMERA + "/chunk-000/file-000.mp4"));
        assertThatThrownBy(() -> v30.episodes(folder))
                .isInstanceOf(ImportFormatException.class)
                .hasMessageStartingWith("so100_v30/videos/" + LeRobotFixtures.CAMERA + "/chunk-000/file-000.mp4: ")
                .hasMessageContaining("is missing");
    }

    @Test
    void episodeLengthThatDisagreesWithItsRowsIsRefused() throws Exception {
        Path folder = LeRobotFixtures.v21(work, 4);
        Path list = folder.resolve("meta/episodes.jsonl");
        Files.writeString(list, Files.readString(list).replace("\"length\": 4", "\"length\": 5"));
        Path info = folder.resolve("meta/info.json");
        Files.writeString(info, Files.readString(info).replace("\"total_frames\": 4", "\"total_frames\": 5"));
        EpisodeSource episode = v21.episodes(folder).getFirst();
        assertThatThrownBy(() -> v21.read(episode, new CapturingRecorder(work), ImportProgress.NONE))
                .isInstanceOf(ImportFormatException.class)
                .hasMessageStartingWith("so100_v21/data/chunk-000/episode_000000.parquet: ")
                .hasMessageContaining("has 4 rows but its metadata says length 5");
    }
}
