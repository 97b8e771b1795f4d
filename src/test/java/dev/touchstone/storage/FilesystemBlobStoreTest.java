package dev.touchstone.storage;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilesystemBlobStoreTest extends BlobStoreContractTest {

    private Path root;

    @Override
    protected BlobStore newStore() throws IOException {
        root = Files.createTempDirectory(temp, "blobs");
        return new FilesystemBlobStore(root.resolve("blobs"));
    }

    @Test
    void blobsAreFilesUnderTheRootAndNoTemporaryFilesRemain() throws IOException {
        store.put("org/a/b.bin", new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
        assertThatThrownBy(() -> store.put("org/a/c.bin", new ByteArrayInputStream(new byte[2]), 3))
                .isInstanceOf(BlobStoreException.class);

        assertThat(Files.readAllBytes(root.resolve("blobs/org/a/b.bin"))).containsExactly(1, 2, 3);
        try (Stream<Path> files = Files.list(root.resolve("blobs/org/a"))) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("b.bin");
        }
    }

    @Test
    void aFolderWithOnlyAKilledWriteIsListedAndDeletedWithIt() throws IOException {
        store.put("releases/o/r1/labels.jsonl", new ByteArrayInputStream(new byte[] {1}), 1);
        Path killed = Files.createDirectories(root.resolve("blobs/releases/o/r2"));
        Files.writeString(killed.resolve(".tmp-123.part"), "half");
        Files.writeString(root.resolve("blobs/releases/o/r1/.tmp-456.part"), "half");
        try (Stream<String> folders = store.folders("releases/o/")) {
            assertThat(folders).containsExactlyInAnyOrder("r1", "r2");
        }
        assertThat(store.deleteAll("releases/o/r2/")).as("a temporary file is no blob").isZero();
        assertThat(killed).doesNotExist();
        assertThat(store.deleteAll("releases/o/r1/")).isEqualTo(1);
        assertThat(root.resolve("blobs/releases/o/r1")).doesNotExist();
        assertThatThrownBy(() -> store.deleteAll("releases/../../")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyCannotBeBothABlobAndAFolder() {
        store.put("a/b", new ByteArrayInputStream(new byte[1]), 1);
        store.put("c/d/e", new ByteArrayInputStream(new byte[1]), 1);

        assertThatThrownBy(() -> store.put("a/b/c", new ByteArrayInputStream(new byte[1]), 1))
                .isInstanceOf(BlobStoreException.class).hasMessageContaining("prefix of other keys");
        assertThatThrownBy(() -> store.put("c/d", new ByteArrayInputStream(new byte[1]), 1))
                .isInstanceOf(BlobStoreException.class).hasMessageContaining("prefix of other keys");
        assertThat(store.info("c/d")).isEmpty();
        assertThatThrownBy(() -> store.open("c/d")).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void unwritableDirectoryFailsClearly() throws IOException {
        Path file = Files.writeString(temp.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> new FilesystemBlobStore(file.resolve("blobs")))
                .isInstanceOf(BlobStoreException.class).hasMessageContaining("TOUCHSTONE_DATA_DIR");
    }
}
