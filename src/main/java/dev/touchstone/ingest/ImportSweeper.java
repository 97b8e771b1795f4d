package dev.touchstone.ingest;

import dev.touchstone.common.WorkFiles;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.storage.BlobInfo;
import dev.touchstone.storage.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Deletes what imports that died (kill -9, a lost replica) left behind, and never what a live import owns:
 * <ul>
 *     <li>episode blobs ({@code <org>/episodes/<episode>/…}) that no episode row references: the episode's import
 *     stored them and died before its transaction committed. Only blobs last written more than the grace ago, and
 *     while the organization has a live import (one that may be committing this very episode) only after a day;</li>
 *     <li>uploads ({@code <org>/uploads/<upload>/…}) that no queued or live job reads: their import ended (kept or
 *     not) or died. Only after the grace, because an upload is stored before its job row exists;</li>
 *     <li>work folders under {@code <data-dir>/work/imports}: a job's folder when the job is not live; a folder no
 *     known job claims (an episode's) when nothing in it changed for 10 minutes and no import is live, or after a
 *     day.</li>
 * </ul>
 * A job is live when it is running with a heartbeat younger than {@link ImportWatchdog#STALE}. Everything is listed
 * before liveness is read, so a job that starts during a sweep is never mistaken for a dead one.
 */
@Component
class ImportSweeper {

    private static final Logger log = LoggerFactory.getLogger(ImportSweeper.class);
    /** What may be in the middle of a live import's commit is only swept when it is clearly older than any. */
    static final Duration BUSY_GRACE = Duration.ofHours(24);
    /** A work folder nobody claims is left alone until nothing in it changed for this long (at least). */
    static final Duration EPISODE_WORK_GRACE = Duration.ofMinutes(10);

    private final ImportJobRepository jobs;
    private final BlobStore blobs;
    private final EpisodeStore episodes;

    ImportSweeper(ImportJobRepository jobs, BlobStore blobs, EpisodeStore episodes) {
        this.jobs = jobs;
        this.blobs = blobs;
        this.episodes = episodes;
    }

    /** What one sweep deleted. */
    record Swept(int episodeBlobs, long episodeBytes, int uploadBlobs, long uploadBytes, int workFolders,
                 long workBytes) {

        boolean any() {
            return episodeBlobs + uploadBlobs + workFolders > 0;
        }
    }

    /**
     * @param grace       the least age of anything deleted that no job row claims
     * @param runningHere the imports this process runs (their episode work folders are not listed anywhere else),
     *                    read after the work folder was listed
     */
    Swept sweep(Duration grace, java.util.function.Supplier<Set<UUID>> runningHere) {
        Instant now = Instant.now();
        Instant cutoff = now.minus(grace);
        Instant busyCutoff = now.minus(grace.compareTo(BUSY_GRACE) > 0 ? grace : BUSY_GRACE);
        int[] counts = new int[3];
        long[] bytes = new long[3];
        for (UUID organizationId : jobs.importingOrganizations()) {
            sweepUploads(organizationId, cutoff, counts, bytes);
            sweepEpisodes(organizationId, cutoff, busyCutoff, counts, bytes);
        }
        sweepWork(now, cutoff, busyCutoff, runningHere, counts, bytes);
        Swept swept = new Swept(counts[0], bytes[0], counts[1], bytes[1], counts[2], bytes[2]);
        if (swept.any()) {
            log.info("Swept what dead imports left: {} orphan episode blobs ({}), {} upload blobs ({}), {} work "
                            + "folders ({})", swept.episodeBlobs(), ImportSources.bytes(swept.episodeBytes()),
                    swept.uploadBlobs(), ImportSources.bytes(swept.uploadBytes()), swept.workFolders(),
                    ImportSources.bytes(swept.workBytes()));
        }
        return swept;
    }

    private void sweepUploads(UUID organizationId, Instant cutoff, int[] counts, long[] bytes) {
        String root = organizationId + "/uploads/";
        Map<String, List<BlobInfo>> uploads = grouped(root);
        if (uploads.isEmpty()) {
            return;
        }
        Set<String> inUse = jobs.uploadsInUse(organizationId, ImportWatchdog.STALE);
        uploads.forEach((prefix, stored) -> {
            if (!inUse.contains(prefix) && newest(stored).isBefore(cutoff)) {
                delete(stored, counts, bytes, 1);
            }
        });
    }

    private void sweepEpisodes(UUID organizationId, Instant cutoff, Instant busyCutoff, int[] counts,
                               long[] bytes) {
        String root = organizationId + "/episodes/";
        Map<UUID, List<BlobInfo>> byEpisode = new HashMap<>();
        grouped(root).forEach((prefix, stored) -> {
            String id = prefix.substring(root.length(), prefix.length() - 1);
            try {
                byEpisode.put(UUID.fromString(id), stored);
            } catch (IllegalArgumentException e) {
                // not an episode's prefix: not ours to judge
            }
        });
        // A kill during an episode's first write leaves a folder with nothing but the unfinished .part, which a
        // listing never shows; the filesystem store names such folders.
        Set<UUID> partOnly = new java.util.HashSet<>();
        try (Stream<String> folders = blobs.folders(root)) {
            folders.forEach(name -> {
                try {
                    UUID id = UUID.fromString(name);
                    if (!byEpisode.containsKey(id)) {
                        partOnly.add(id);
                    }
                } catch (IllegalArgumentException e) {
                    // not an episode's folder: not ours to judge
                }
            });
        }
        if (byEpisode.isEmpty() && partOnly.isEmpty()) {
            return;
        }
        boolean busy = jobs.organizationsWithLiveJobs(ImportWatchdog.STALE).contains(organizationId);
        Instant limit = busy ? busyCutoff : cutoff;
        Set<UUID> referenced = new java.util.HashSet<>();
        List<UUID> ids = new ArrayList<>(byEpisode.keySet());
        ids.addAll(partOnly);
        for (int from = 0; from < ids.size(); from += 1000) {
            referenced.addAll(episodes.existingEpisodes(ids.subList(from, Math.min(ids.size(), from + 1000))));
        }
        byEpisode.forEach((id, stored) -> {
            if (!referenced.contains(id) && newest(stored).isBefore(limit)) {
                delete(stored, counts, bytes, 0);
                removeLeftovers(root + id + "/");
            }
        });
        // An unfinished write has no age to judge by: its folder goes only while no import of the organization runs.
        if (!busy) {
            partOnly.stream().filter(id -> !referenced.contains(id)).forEach(id -> removeLeftovers(root + id + "/"));
        }
    }

    /** The unfinished writes (.part) and empty folders that deleting an orphan's blobs leaves on the filesystem. */
    private void removeLeftovers(String prefix) {
        try {
            blobs.deleteAll(prefix);
        } catch (RuntimeException e) {
            log.warn("Could not remove what is left under {}: {}", prefix, e.getMessage());
        }
    }

    /** The blobs below {@code root}, by their next path segment ({@code root + segment + "/"}). */
    private Map<String, List<BlobInfo>> grouped(String root) {
        Map<String, List<BlobInfo>> groups = new HashMap<>();
        try (Stream<BlobInfo> listed = blobs.list(root)) {
            listed.forEach(info -> {
                int slash = info.key().indexOf('/', root.length());
                if (slash > root.length()) {
                    groups.computeIfAbsent(info.key().substring(0, slash + 1), k -> new ArrayList<>()).add(info);
                }
            });
        }
        return groups;
    }

    private static Instant newest(List<BlobInfo> stored) {
        // A store that does not say when a blob was written gets no benefit of the doubt it cannot earn either way:
        // treat it as written now, so it is never swept by age.
        return stored.stream().map(b -> b.lastModified() == null ? Instant.now() : b.lastModified())
                .max(Instant::compareTo).orElse(Instant.now());
    }

    private void delete(List<BlobInfo> stored, int[] counts, long[] bytes, int slot) {
        for (BlobInfo info : stored) {
            try {
                blobs.delete(info.key());
                counts[slot]++;
                bytes[slot] += info.size();
            } catch (RuntimeException e) {
                log.warn("Could not delete orphan blob {}: {}", info.key(), e.getMessage());
            }
        }
    }

    private void sweepWork(Instant now, Instant cutoff, Instant busyCutoff,
                           java.util.function.Supplier<Set<UUID>> runningNow, int[] counts, long[] bytes) {
        Path root = episodes.workRoot();
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(root)) {
            entries = list.toList();
        } catch (IOException e) {
            log.warn("Could not list the import work folder {}: {}", root, e.getMessage());
            return;
        }
        // Read after listing: an import that starts from here on is not in the listing.
        Set<UUID> runningHere = runningNow.get();
        Set<UUID> live = new java.util.HashSet<>(jobs.liveJobs(ImportWatchdog.STALE));
        live.addAll(runningHere);
        List<UUID> named = entries.stream().map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("job-")).map(n -> parse(n.substring(4))).filter(java.util.Objects::nonNull)
                .toList();
        Set<UUID> known = jobs.existingJobs(named);
        Instant quiet = cutoff.isBefore(now.minus(EPISODE_WORK_GRACE)) ? cutoff : now.minus(EPISODE_WORK_GRACE);
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            UUID job = name.startsWith("job-") ? parse(name.substring(4)) : null;
            Instant modified = newestModification(entry);
            boolean orphan;
            if (job != null && known.contains(job)) {
                orphan = !live.contains(job);
            } else {
                // An episode's folder names no job, and a job this database does not know may be another
                // database's (the import command beside a server, sharing a data folder): only when nothing in it
                // changed for a while and no import is live anywhere, or after a day.
                orphan = modified.isBefore(busyCutoff) || (live.isEmpty() && modified.isBefore(quiet));
            }
            if (orphan) {
                long size = size(entry);
                WorkFiles.deleteTree(entry);
                if (!Files.exists(entry)) {
                    counts[2]++;
                    bytes[2] += size;
                }
            }
        }
    }

    private static UUID parse(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The last change to anything in the tree: a file being written keeps its folder young. */
    private static Instant newestModification(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.map(p -> {
                try {
                    return Files.getLastModifiedTime(p).toInstant();
                } catch (IOException e) {
                    return Instant.now();
                }
            }).max(Instant::compareTo).orElse(Instant.now());
        } catch (IOException | java.io.UncheckedIOException e) {
            return Instant.now();
        }
    }

    private static long size(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
