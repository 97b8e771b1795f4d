package dev.touchstone.ingest.upload;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where the bytes of uploads are while they arrive: one file per upload, {@code <dir>/<organization>/<upload>.part},
 * on the server's disk ({@code touchstone.upload.dir}, by default {@code <data-dir>/uploads}). A resumed PATCH
 * writes at the stored offset, so the file never has to be held or copied in memory.
 */
@Component
class UploadFiles {

    static final String SUFFIX = ".part";

    private final Path directory;

    UploadFiles(@Value("${touchstone.upload.dir:${touchstone.data-dir}/uploads}") Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    Path path(UUID organizationId, UUID uploadId) {
        return directory.resolve(organizationId.toString()).resolve(uploadId + SUFFIX);
    }

    /** An empty file for a new upload. */
    void create(UUID organizationId, UUID uploadId) {
        Path file = path(organizationId, uploadId);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the upload file " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the bytes freed (0 when there was no file) */
    long delete(UUID organizationId, UUID uploadId) {
        Path file = path(organizationId, uploadId);
        try {
            long size = Files.exists(file) ? Files.size(file) : 0;
            return Files.deleteIfExists(file) ? size : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the upload file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A file found on disk: the upload it belongs to and its age. */
    record Found(UUID organizationId, UUID uploadId, Path file, java.time.Instant modified) {
    }

    /** Every upload file on disk (names that are not ours are left alone). */
    List<Found> all() throws IOException {
        List<Found> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (Stream<Path> organizations = Files.list(directory)) {
            for (Path organization : organizations.filter(Files::isDirectory).toList()) {
                UUID organizationId = uuid(organization.getFileName().toString());
                if (organizationId == null) {
                    continue;
                }
                try (Stream<Path> files = Files.list(organization)) {
                    for (Path file : files.toList()) {
                        String name = file.getFileName().toString();
                        UUID uploadId = name.endsWith(SUFFIX) ? uuid(name.substring(0, name.length()
                                - SUFFIX.length())) : null;
                        if (uploadId != null) {
                            found.add(new Found(organizationId, uploadId, file,
                                    Files.getLastModifiedTime(file).toInstant()));
                        }
                    }
                }
            }
        }
        return found;
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
