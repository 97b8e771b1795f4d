package dev.touchstone.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The identity of a recording, independent of how it reached the server: importing the same source again skips
 * the episodes whose key the dataset already has. The key is the format, a fingerprint, and the episode's key
 * within its source (a LeRobot episode index):
 * <ul>
 *     <li>a file (MCAP, HDF5, MP4, PCD/PLY): the SHA-256 of its bytes, so a renamed or re-uploaded file is the same
 *     recording and an edited one is new ({@code mcap:sha256:9f86d0…});</li>
 *     <li>a folder that is one episode (a bundle, a point-cloud sequence): the SHA-256 over its files' relative
 *     paths and bytes;</li>
 *     <li>a folder of many episodes (a LeRobot dataset): its folder name and the episode's index
 *     ({@code lerobot-v3.0:folder:pusht#7}), because episodes appended to a dataset must not change the identity of
 *     the ones before.</li>
 * </ul>
 */
final class SourceKeys {

    private SourceKeys() {
    }

    static String of(String format, EpisodeSource source) throws IOException {
        Path path = source.path();
        String within = source.key().isEmpty() ? "" : "#" + source.key();
        if (Files.isRegularFile(path)) {
            MessageDigest sha = sha256();
            digest(path, sha);
            return format + ":sha256:" + HexFormat.of().formatHex(sha.digest()) + within;
        }
        if (!source.key().isEmpty()) {
            return format + ":folder:" + path.getFileName() + within;
        }
        MessageDigest sha = sha256();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        for (Path file : files) {
            sha.update(path.relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Long.toString(Files.size(file)).getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            digest(file, sha);
        }
        return format + ":sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static void digest(Path file, MessageDigest sha) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
