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
    private final Path workRoot;

    ReleaseBuilder(ReleaseRepository releases, BlobStore blobs, JsonMapper json, AuditService audit,
                   EpisodeStore episodes, @Value("${touchstone.data-dir}") Path dataDirectory) {
        this.releases = releases;
        this.blobs = blobs;
        this.json = json;
        this.audit = audit;
        this.episodes = episodes;
        this.workRoot = dataDirectory.resolve("work").resolve("releases");
    }

    static String key(UUID organizationId, UUID releaseId, String file) {
        return "releases/" + organizationId + "/" + releaseId + "/" + file;
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
        try {
            build(release);
            audit.recordSystem(release.organizationId(), "release.ready", "release", releaseId.toString(),
                    Map.of("project", release.projectId().toString(), "version", release.version()));
        } catch (RuntimeException | IOException e) {
            log.error("Release {} failed", releaseId, e);
            releases.failed(releaseId, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            audit.recordSystem(release.organizationId(), "release.failed", "release", releaseId.toString(),
                    Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private void build(ReleaseRepository.BuildRow release) throws IOException {
        if (!releases.items(release.id(), ReleaseRepository.BEFORE_ALL, 1).isEmpty()) {
            // A replica died while copying: resuming could not tell which tasks changed since.
            throw new IllegalStateException("The server building this release stopped before it finished; make the "
                    + "release again under a new version");
        }
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
        Path labelsFile = Files.createTempFile("release-" + release.id(), ".jsonl");
        Path reportFile = Files.createTempFile("release-" + release.id(), ".json");
        try {
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(labelsFile), 1 << 16);
                 LabelLines lines = new LabelLines(json, release, schema, report, file)) {
                UUID last = ReleaseRepository.BEFORE_ALL;
                while (true) {
                    List<ReleaseRepository.ItemRow> page = releases.items(release.id(), last, BATCH);
                    page.forEach(lines::write);
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
            files.addAll(datasets(release, schema, included, copied, quality, reportFile));
            releases.ready(release.id(), copied, reportJson, files);
        } finally {
            Files.deleteIfExists(labelsFile);
            Files.deleteIfExists(reportFile);
        }
    }

    /**
     * The LeRobot dataset (zipped, with the quality report inside) and the COCO files, in one more walk over the
     * frozen items: each item is an episode of the dataset.
     */
    private List<ReleaseFile> datasets(ReleaseRepository.BuildRow release, LabelSchema schema,
                                       List<LabelSchema.Definition> included, int total, ReleaseReport quality,
                                       Path reportFile)
            throws IOException {
        Files.createDirectories(workRoot);
        Path work = Files.createTempDirectory(workRoot, "release-" + release.id());
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
                    release.projectName(), schema, included, coco);
            UUID last = ReleaseRepository.BEFORE_ALL;
            int done = 0;
            while (true) {
                List<ReleaseRepository.ItemRow> page = releases.items(release.id(), last, BATCH);
                for (ReleaseRepository.ItemRow item : page) {
                    if (done % 10 == 0) {
                        releases.progress(release.id(), null, "Writing the LeRobot dataset: episode " + (done + 1)
                                + " of " + total);
                    }
                    lerobot.add(item);
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
