package dev.touchstone.ingest.video;

import dev.touchstone.dataset.VideoTestFiles;
import dev.touchstone.ingest.CapturingRecorder;
import dev.touchstone.ingest.EpisodeSource;
import dev.touchstone.ingest.ImportFormatException;
import dev.touchstone.ingest.ImportProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Mp4ImporterTest {

    @TempDir
    Path work;

    private final Mp4Importer importer = new Mp4Importer();

    @Test
    void acceptsVideoContainersByNameAndFirstBytes() throws Exception {
        Path mp4 = VideoTestFiles.clip(work, "cam_high.mp4", 3, 10, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        Path webm = VideoTestFiles.clip(work, "wrist.webm", 3, 10, "-c:v", "libvpx-vp9");
        Path text = work.resolve("notes.mp4");
        Files.writeString(text, "not a video");
        Path folder = Files.createDirectory(work.resolve("folder.mp4"));

        assertThat(importer.accepts(mp4)).isTrue();
        assertThat(importer.accepts(webm)).isTrue();
        assertThat(importer.accepts(text)).isFalse();
        assertThat(importer.accepts(folder)).isFalse();
        assertThat(importer.accepts(work.resolve("missing.mp4"))).isFalse();
    }

    @Test
    void oneEpisodeWithOneVideoNamedAfterTheFile() throws Exception {
        Path mp4 = VideoTestFiles.clip(work, "cam_high.mp4", 3, 10, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        List<EpisodeSource> episodes = importer.episodes(mp4);
        assertThat(episodes).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("cam_high");
            assertThat(e.displayPath()).isEqualTo("cam_high.mp4");
            assertThat(e.bytes()).isEqualTo(Files.size(mp4));
        });

        CapturingRecorder recorder = new CapturingRecorder(work);
        importer.read(episodes.getFirst(), recorder, ImportProgress.NONE);
        assertThat(recorder.description.sourceFormat()).isEqualTo("mp4");
        assertThat(recorder.videos).containsOnlyKeys("cam_high");
        CapturingRecorder.Video video = recorder.videos.get("cam_high");
        assertThat(video.frameTimestamps()).as("the file's own timestamps are used").isNull();
        assertThat(video.startNanos()).isZero();
        assertThat(Files.mismatch(video.copy(), mp4)).isEqualTo(-1L);
    }

    @Test
    void textFileNamedMp4IsRefusedWithTheFileName() throws Exception {
        Path text = work.resolve("notes.mp4");
        Files.writeString(text, "these are meeting notes");
        assertThatThrownBy(() -> importer.episodes(text))
                .isInstanceOf(ImportFormatException.class)
                .hasMessageStartingWith("notes.mp4: ")
                .hasMessageContaining("not a video");
    }
}
