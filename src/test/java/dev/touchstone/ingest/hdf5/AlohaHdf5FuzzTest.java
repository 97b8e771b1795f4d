package dev.touchstone.ingest.hdf5;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.touchstone.dataset.StreamDataException;
import dev.touchstone.ingest.EpisodeSource;
import dev.touchstone.ingest.FakeRecorder;
import dev.touchstone.ingest.ImportFormatException;
import dev.touchstone.ingest.ImportProgress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Arbitrary bytes as an ALOHA episode file, through the whole import path (jhdf parsing included, since a user's
 * damaged file reaches it the same way). Only the importer's documented failures may escape: an
 * {@link ImportFormatException} or a {@link StreamDataException} naming the file.
 */
class AlohaHdf5FuzzTest {

    @FuzzTest(maxDuration = "2m")
    void importEpisode(byte[] bytes) {
        Path file;
        try {
            file = Files.createTempFile("fuzz", ".hdf5");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.write(file, bytes);
            new AlohaHdf5Importer().read(new EpisodeSource(file, "fuzz.hdf5", "fuzz", "", bytes.length),
                    new FakeRecorder(), ImportProgress.NONE);
        } catch (ImportFormatException | StreamDataException expected) {
            if (!expected.getMessage().startsWith("fuzz.hdf5")) {
                throw new AssertionError("an import error that does not name the file", expected);
            }
        } catch (IOException e) {
            throw new AssertionError("a plain IOException instead of an ImportFormatException", e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A temporary file left behind is harmless.
            }
        }
    }
}
