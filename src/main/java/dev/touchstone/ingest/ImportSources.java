package dev.touchstone.ingest;

import dev.touchstone.storage.BlobInfo;
import dev.touchstone.storage.BlobKeys;
import dev.touchstone.storage.BlobStore;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Turns an import's source into local files the importers can read: server paths are checked against the
 * configured roots, uploads and storage prefixes are downloaded from the blob store (so any replica can run the
 * job), zip archives are unpacked with zip-slip and size checks.
 */
@Component
class ImportSources {

    /** Limit against zip bombs of many tiny entries; their size is limited by {@link #unpackLimit}. */
    static final int MAX_ZIP_ENTRIES = 100_000;

    private final BlobStore blobs;
    private final ImportProperties properties;

    ImportSources(BlobStore blobs, ImportProperties properties) {
        this.blobs = blobs;
        this.properties = properties;
    }

    /** The blob prefix an organization's uploads are kept under until their import ran. */
    static String uploadPrefix(UUID organizationId, UUID uploadId) {
        return organizationId + "/uploads/" + uploadId + "/";
    }

    /** Where admins put objects to import by storage prefix: only their own organization's incoming area. */
    static String incomingPrefix(UUID organizationId) {
        return organizationId + "/incoming/";
    }

    /**
     * Checks a server path an admin typed: it must exist and lie inside a configured root after resolving links;
     * a missing path and a path outside the roots get the same message.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    Path checkServerPath(String typed) {
        if (properties.serverRoots().isEmpty()) {
            throw new IllegalArgumentException("Import from a server path is switched off: no import roots are "
                    + "configured (touchstone.import.server-roots / TOUCHSTONE_IMPORT_SERVER_ROOTS)");
        }
        Path path;
        try {
            path = Path.of(typed.trim());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("Not a valid path: " + typed);
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("Give an absolute path, below one of: " + roots());
        }
        // One answer for "missing" and "outside the roots": two would tell whoever types paths which files exist
        // anywhere on the server.
        IllegalArgumentException refused = new IllegalArgumentException("Nothing to import at " + path
                + ": give an existing file or folder inside the folders imports may read (" + roots() + ")");
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw refused;
        }
        for (Path root : properties.serverRoots()) {
            try {
                if (real.startsWith(root.toRealPath())) {
                    return real;
                }
            } catch (IOException e) {
                // a configured root that does not exist allows nothing
            }
        }
        throw refused;
    }

    private String roots() {
        return String.join(", ", properties.serverRoots().stream().map(Path::toString).toList());
    }

    /**
     * Checks a storage prefix an admin typed, relative to the organization's incoming area.
     *
     * @return the full prefix
     */
    String checkStoragePrefix(UUID organizationId, String typed) {
        String relative = typed == null ? "" : typed.trim();
        while (relative.startsWith("/")) {
            relative = relative.substring(1);
        }
        String full = incomingPrefix(organizationId) + relative;
        try {
            BlobKeys.requireValidPrefix(full);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a valid storage prefix: " + e.getMessage());
        }
        try (Stream<BlobInfo> found = blobs.list(full)) {
            if (found.findAny().isEmpty()) {
                throw new IllegalArgumentException("Nothing is stored below '" + full + "' (" + blobs.describe()
                        + ")");
            }
        }
        return full;
    }

    /**
     * Materialises the source into {@code work} (downloads) and returns the paths to import.
     *
     * @param organizationId checked again here: a source of another organization is refused
     */
    List<Path> resolve(UUID organizationId, ImportSourceKind kind, String source, Path work) throws IOException {
        return switch (kind) {
            case SERVER_PATH, CLI -> List.of(kind == ImportSourceKind.SERVER_PATH ? checkServerPath(source)
                    : Path.of(source));
            case UPLOAD, S3_PREFIX -> {
                if (!source.startsWith(organizationId + "/")) {
                    throw new IllegalStateException("import source " + source + " is not of this organization");
                }
                yield download(source, work);
            }
            case GENERATOR -> throw new IllegalStateException("generated sources are resolved by the runner");
        };
    }

    private List<Path> download(String prefix, Path work) throws IOException {
        Path target = Files.createDirectories(work.resolve("download"));
        List<String> keys;
        try (Stream<BlobInfo> listed = blobs.list(prefix)) {
            keys = listed.map(BlobInfo::key).sorted().toList();
        }
        if (keys.isEmpty()) {
            throw new ImportFormatException(prefix, "nothing is stored below this prefix (" + blobs.describe() + ")");
        }
        for (String key : keys) {
            Path file = target.resolve(key.substring(prefix.length()).replace('/', java.io.File.separatorChar))
                    .normalize();
            if (!file.startsWith(target)) {
                throw new ImportFormatException(key, "the object name leaves the download folder");
            }
            Files.createDirectories(file.getParent());
            try (InputStream in = blobs.open(key)) {
                Files.copy(in, file);
            }
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> top = Files.list(target)) {
            for (Path path : top.sorted(Comparator.naturalOrder()).toList()) {
                if (Files.isRegularFile(path) && path.getFileName().toString().toLowerCase().endsWith(".zip")) {
                    Path unpacked = work.resolve("unpacked-" + path.getFileName());
                    unzip(path, unpacked, unpackLimit(path, work));
                    paths.add(singleFolder(unpacked));
                } else {
                    paths.add(path);
                }
            }
        }
        return paths;
    }

    /** A zip of one folder (the usual way to zip a dataset) imports as that folder. */
    private static Path singleFolder(Path unpacked) throws IOException {
        try (Stream<Path> entries = Files.list(unpacked)) {
            List<Path> all = entries.filter(p -> !p.getFileName().toString().equals("__MACOSX")).toList();
            return all.size() == 1 && Files.isDirectory(all.getFirst()) ? all.getFirst() : unpacked;
        }
    }

    /**
     * Deletes what an upload left in storage: called when its import ended without keeping an episode (refused,
     * failed or cancelled), so a rejected file does not stay under {@code <org>/uploads/} for good.
     */
    void discardUpload(UUID organizationId, ImportSourceKind kind, String source) {
        if (kind != ImportSourceKind.UPLOAD || !source.startsWith(organizationId + "/uploads/")) {
            return;
        }
        List<String> keys;
        try (Stream<BlobInfo> stored = blobs.list(source)) {
            keys = stored.map(BlobInfo::key).toList();
        }
        keys.forEach(blobs::delete);
    }

    /** What an archive may unpack to. */
    record UnpackLimit(long bytes, String reason) {
    }

    /**
     * The most {@code zip} may unpack to: {@link ImportProperties#maxUnpackRatio} times its size, at most
     * {@link ImportProperties#maxUnpackedSize}, and never more than the free disk below {@code work} less
     * {@link ImportProperties#unpackDiskMargin}. Example: a 1 MB upload at the default ratio 100 unpacks to at most
     * 100 MB; a 64 KB archive of 64 MiB of zeros is refused after 6.4 MB.
     */
    UnpackLimit unpackLimit(Path zip, Path work) throws IOException {
        long size = Files.size(zip);
        long byRatio = size > Long.MAX_VALUE / properties.maxUnpackRatio() ? Long.MAX_VALUE
                : size * properties.maxUnpackRatio();
        long free = Files.getFileStore(work).getUsableSpace() - properties.unpackDiskMargin().toBytes();
        long limit = Math.min(byRatio, properties.maxUnpackedSize().toBytes());
        if (free < limit) {
            return new UnpackLimit(Math.max(0, free), "the free disk (less a margin of "
                    + bytes(properties.unpackDiskMargin().toBytes()) + ")");
        }
        return limit == byRatio
                ? new UnpackLimit(limit, properties.maxUnpackRatio() + " times the archive's size of " + bytes(size))
                : new UnpackLimit(limit, "the most any archive may unpack to");
    }

    /**
     * Unpacks {@code zip} into {@code target}, refusing entries that leave it (zip slip) and stopping the moment the
     * unpacked bytes would pass {@code limit}: an entry whose declared size does not fit is refused before a byte
     * of it is written, and bytes past the limit are never written (so a zip bomb costs at most the limit on disk).
     */
    static void unzip(Path zip, Path target, UnpackLimit limit) throws IOException {
        Files.createDirectories(target);
        String name = zip.getFileName().toString();
        long total = 0;
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            byte[] buffer = new byte[1 << 16];
            while ((entry = in.getNextEntry()) != null) {
                if (++entries > MAX_ZIP_ENTRIES) {
                    throw new ImportFormatException(name, "the archive has more than " + MAX_ZIP_ENTRIES + " entries");
                }
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new ImportFormatException(name, "entry '" + entry.getName()
                            + "' would be written outside the archive's folder");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                    continue;
                }
                if (entry.getSize() > limit.bytes() - total) {
                    throw tooLarge(name, entry, limit);
                }
                Files.createDirectories(file.getParent());
                try (OutputStream out = Files.newOutputStream(file)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        if (n > limit.bytes() - total) {
                            throw tooLarge(name, entry, limit);
                        }
                        total += n;
                        out.write(buffer, 0, n);
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new ImportFormatException(name, "not a readable zip archive: " + e.getMessage(), e);
        }
        if (entries == 0) {
            throw new ImportFormatException(name, "the archive is empty or not a zip file");
        }
    }

    private static ImportFormatException tooLarge(String zip, ZipEntry entry, UnpackLimit limit) {
        return new ImportFormatException(zip, "refused: it unpacks to more than " + bytes(limit.bytes()) + " ("
                + limit.reason() + "; entry '" + entry.getName() + "'). An archive this compressed looks like a zip "
                + "bomb; unpack it and import the folder from the server or from storage instead");
    }

    /** A size for a person: 6.4 MB, 200 GB (decimal units, as disks are sold). */
    static String bytes(long bytes) {
        String[] units = {"bytes", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
