package dev.touchstone.release;

import dev.touchstone.audit.AuditService;
import dev.touchstone.common.WorkFiles;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.storage.BlobInfo;
import dev.touchstone.storage.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds one release (the db-scheduler job): copies the project's accepted tasks into release items batch by batch
 * (task id keyset, one statement per batch with its progress), then walks the frozen items once more, page by page,
 * writing each as one JSON Lines record to a temporary file and adding it to the quality report, and stores both
 * files in the blob store. Memory holds one page of items and the report's sums, whatever the release's size.
 */
@Component
class ReleaseBuilder {

    static final int BATCH = 200;
    private static final Logger log = LoggerFactory.getLogger(ReleaseBuilder.class);

    private final ReleaseRepository releases;
    private final BlobStore blobs;
    private final JsonMapper json;
    private final AuditService audit;
    private final EpisodeStore episodes;
    private final ReleaseHeartbeats heartbeats;
    private final Path workRoot;
    private final ApplicationEventPublisher events;

    ReleaseBuilder(ReleaseRepository releases, BlobStore blobs, JsonMapper json, AuditService audit,
                   EpisodeStore episodes, ReleaseHeartbeats heartbeats,
                   @Value("${touchstone.data-dir}") Path dataDirectory, ApplicationEventPublisher events) {
        this.events = events;
        this.releases = releases;
        this.blobs = blobs;
        this.json = json;
        this.audit = audit;
        this.episodes = episodes;
        this.heartbeats = heartbeats;
        this.workRoot = workRoot(dataDirectory);
    }

    static String key(UUID organizationId, UUID releaseId, String file) {
        return folder(organizationId, releaseId) + file;
    }

    /** The blob folder of a release: {@code releases/<organization-id>/<release-id>/}. */
    static String folder(UUID organizationId, UUID releaseId) {
        return "releases/" + organizationId + "/" + releaseId + "/";
    }

    /** Where builds keep their scratch files: {@code <data-dir>/work/releases/<organization-id>/<release-id>/}. */
    static Path workRoot(Path dataDirectory) {
        return dataDirectory.resolve("work").resolve("releases");
    }

    void run(UUID releaseId) {
        ReleaseRepository.BuildRow release = releases.buildRow(releaseId).orElse(null);
        if (release == null) {
            log.warn("Release {} does not exist; nothing to build", releaseId);
            return;
        }
        if (release.state() != ReleaseState.BUILDING) {
            return;
        }
        if (!releases.items(releaseId, ReleaseRepository.BEFORE_ALL, 1).isEmpty()) {
            // A server died while copying and db-scheduler runs the job again before the detector failed the
            // release. Items are immutable and tasks may have changed since, so the copy cannot start over.
            if (releases.failed(releaseId, ReleaseFailure.INTERRUPTED)) {
                audit.recordSystem(release.organizationId(), "release.failed", "release", releaseId.toString(),
                        Map.of("error", ReleaseFailure.INTERRUPTED));
            }
            deleteFiles(release);
            return;
        }
        Path work = workRoot.resolve(release.organizationId().toString()).resolve(releaseId.toString());
        try (ReleaseHeartbeats.Beat beat = heartbeats.start(releaseId)) {
            try {
                if (build(release, work, beat)) {
                    audit.recordSystem(release.organizationId(), "release.ready", "release", releaseId.toString(),
                            Map.of("project", release.projectId().toString(), "version", release.version()));
                    events.publishEvent(new ReleaseReady(release.organizationId(), releaseId, release.projectId(),
                            release.projectName(), release.version()));
                } else {
                    abandoned(release);
                }
            } catch (RuntimeException | IOException e) {
                if (beat.lost()) {
                    log.warn("Release {}: stopped, another server failed it as interrupted ({})", releaseId,
                            e.toString());
                    abandoned(release);
                } else {
                    failed(release, e);
                }
            } finally {
                WorkFiles.deleteTree(work);
            }
        }
    }

    /**
     * Records a failure in words a person can act on and logs the exception under the same reference; the files
     * stored so far are removed (a failed release has no downloads).
     */
    private void failed(ReleaseRepository.BuildRow release, Exception e) {
        ReleaseFailure failure = ReleaseFailure.of(e);
        log.error("Release {} failed, error reference {} ({})", release.id(), failure.reference(), failure.cause(), e);
        try {
            if (releases.failed(release.id(), failure.message())) {
                audit.recordSystem(release.organizationId(), "release.failed", "release", release.id().toString(),
                        Map.of("error", failure.message(), "reference", failure.reference(),
                                "cause", failure.cause().name().toLowerCase(java.util.Locale.ROOT)));
                events.publishEvent(new ReleaseFailed(release.organizationId(), release.id(), release.projectId(),
                        release.projectName(), release.version(), failure.message()));
            }
        } catch (RuntimeException notRecorded) {
            // The database is away: the release stays building without a heartbeat, so the detector fails it as
            // interrupted once the database is back.
            log.error("Release {}: the failure (reference {}) could not be recorded", release.id(),
                    failure.reference(), notRecorded);
        }
        deleteFiles(release);
    }

    /** The release was failed by another server while this one built it: leave no files behind. */
    private void abandoned(ReleaseRepository.BuildRow release) {
        deleteFiles(release);
    }

    private void deleteFiles(ReleaseRepository.BuildRow release) {
        try {
            blobs.deleteAll(folder(release.organizationId(), release.id()));
        } catch (RuntimeException e) {
            log.warn("Release {}: its files stay until the next sweep: {}", release.id(), e.toString());
        }
    }

    /** Thrown at the next step of a build whose release another server failed as interrupted. */
    private static final class Lost extends RuntimeException {
        Lost() {
            super("the release is no longer building", null, false, false);
        }
    }

    private static void alive(ReleaseHeartbeats.Beat beat) {
        if (beat.lost()) {
            throw new Lost();
        }
    }

    /** @return false when another server failed the release meanwhile (nothing recorded) */
    private boolean build(ReleaseRepository.BuildRow release, Path work, ReleaseHeartbeats.Beat beat)
            throws IOException {
        LabelSchema schema = LabelSchemaJson.read(release.schemaDocument());
        List<LabelSchema.Definition> included = schema.definitions().stream()
                .filter(d -> release.labelTypes().contains(d.type().jsonName())).toList();
        String[] definitions = included.stream().map(LabelSchema.Definition::key).toArray(String[]::new);
        String[] verdicts = schema.definitions().stream().filter(d -> d.type() == LabelType.VERDICT)
                .map(LabelSchema.Definition::key).toArray(String[]::new);

        int total = releases.countAccepted(release.organizationId(), release.projectId());
        releases.progress(release.id(), total, "Copying accepted tasks");
        UUID after = ReleaseRepository.BEFORE_ALL;
        int scanned = 0;
        int copied = 0;
        while (true) {
            alive(beat);
            ReleaseRepository.Batch batch = releases.copyBatch(release, after, BATCH, definitions, verdicts);
            if (batch.last() == null) {
                break;
            }
            scanned += batch.scanned();
            copied += batch.copied();
            after = batch.last();
        }

        releases.progress(release.id(), null, "Writing " + ReleaseFile.LABELS + " and the quality report");
        ReportAccumulator report = new ReportAccumulator(included, releases.maxAnnotators(release.id()));
        // A folder of this release only: a build that ran here before and was killed left it (the sweep may not
        // have come yet).
        WorkFiles.deleteTree(work);
        Files.createDirectories(work);
        Path labelsFile = work.resolve(ReleaseFile.LABELS);
        Path reportFile = work.resolve(ReleaseFile.REPORT);
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(labelsFile), 1 << 16);
             LabelLines lines = new LabelLines(json, release, schema, report, file)) {
            UUID last = ReleaseRepository.BEFORE_ALL;
            while (true) {
                alive(beat);
                List<ReleaseRepository.ItemRow> page = releases.items(release.id(), last, BATCH);
                page.forEach(item -> lines.write(TrimClip.clip(json, item)));
                if (page.size() < BATCH) {
                    break;
                }
                last = page.getLast().taskId();
            }
        }
        ReleaseReport quality = report.report(release, schema.name(), scanned - copied,
                releases.goldAccuracy(release.organizationId(), release.projectId()),
                release.id().getMostSignificantBits() ^ release.id().getLeastSignificantBits());
        String reportJson = json.writeValueAsString(quality);
        Files.writeString(reportFile, json.writerWithDefaultPrettyPrinter().writeValueAsString(quality) + "\n",
                StandardCharsets.UTF_8);
        List<ReleaseFile> files = new ArrayList<>();
        files.add(store(release, ReleaseFile.LABELS, labelsFile));
        files.add(store(release, ReleaseFile.REPORT, reportFile));
        files.addAll(datasets(release, schema, included, copied, quality, reportFile, work, beat));
        alive(beat);
        return releases.ready(release.id(), copied, reportJson, files);
    }

    /**
     * The LeRobot dataset (zipped, with the quality report inside) and the COCO files, in one more walk over the
     * frozen items: each item is an episode of the dataset.
     */
    private List<ReleaseFile> datasets(ReleaseRepository.BuildRow release, LabelSchema schema,
                                       List<LabelSchema.Definition> included, int total, ReleaseReport quality,
                                       Path reportFile, Path buildFolder, ReleaseHeartbeats.Beat beat)
            throws IOException {
        Path work = Files.createDirectories(buildFolder.resolve("datasets"));
        try {
            Path folder = work.resolve("lerobot");
            Map<String, Object> cocoInfo = new LinkedHashMap<>();
            cocoInfo.put("description", release.projectName() + " release " + release.version());
            cocoInfo.put("version", release.version());
            cocoInfo.put("release_id", release.id().toString());
            cocoInfo.put("schema", schema.name() + " v" + release.schemaVersion());
            cocoInfo.put("images", "frames of the videos in " + LeRobotExport.FILE + " (see each image's video and "
                    + "frame_index); docs/release/formats.md shows how to extract them");
            cocoInfo.put("quality_report", quality);
            CocoExport coco = new CocoExport(work, json, included, cocoInfo);
            LeRobotExport lerobot = new LeRobotExport(folder, json, blobs, episodes, release.organizationId(),
                    release.projectName(), schema, included, coco, release.lerobotMapping());
            UUID last = ReleaseRepository.BEFORE_ALL;
            int done = 0;
            while (true) {
                alive(beat);
                List<ReleaseRepository.ItemRow> page = releases.items(release.id(), last, BATCH);
                for (ReleaseRepository.ItemRow item : page) {
                    if (done % 10 == 0) {
                        releases.progress(release.id(), null, "Writing the LeRobot dataset: episode " + (done + 1)
                                + " of " + total);
                    }
                    lerobot.add(TrimClip.clip(json, item));
                    done++;
                }
                if (page.size() < BATCH) {
                    break;
                }
                last = page.getLast().taskId();
            }
            lerobot.finish();
            Files.copy(reportFile, folder.resolve("meta").resolve(ReleaseFile.REPORT));
            releases.progress(release.id(), null, "Packing " + LeRobotExport.FILE);
            Path zip = work.resolve(LeRobotExport.FILE);
            ZipFolder.write(folder, "", zip);
            List<ReleaseFile> files = new ArrayList<>();
            files.add(store(release, LeRobotExport.FILE, zip));
            for (Path file : coco.finish(work)) {
                files.add(store(release, file.getFileName().toString(), file));
            }
            return files;
        } finally {
            WorkFiles.deleteTree(work);
        }
    }

    private ReleaseFile store(ReleaseRepository.BuildRow release, String name, Path file) {
        BlobInfo info = blobs.put(key(release.organizationId(), release.id(), name), file);
        return new ReleaseFile(name, info.size(), info.sha256());
    }
}
