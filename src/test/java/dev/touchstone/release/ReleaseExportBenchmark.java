package dev.touchstone.release;

import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Measurement, not part of the suite (a main class; docs/benchmarks.md, "Release export"): the JSON Lines writer of
 * a release ({@link LabelLines}, with the quality report accumulated on the way, as the build runs it) against a
 * Jackson-only serialization of the same label records (the labels, consensus, agreement and annotators' versions as
 * Java objects, one {@code writeValue} per record) into a null stream, and the writer's retained heap at 1 GB and
 * 10 GB of output. Items are made in memory from one realistic task (starter schema: 7 phases, 12 events, 5 episode
 * values, a box track of 20 keyframes; 3 annotators' versions), each with its own ids, so no database is involved:
 * what is measured is the export's CPU and memory, not PostgreSQL's.
 * <p>
 * {@code compare [items] [rounds]}: throughput of both, alternating, after a warm-up. {@code heap <gigabytes>}: writes
 * that much and prints the largest heap in use after any collection (run it with a small -Xmx, e.g. 64m).
 */
public final class ReleaseExportBenchmark {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final TypeReference<List<Label>> LABELS = new TypeReference<>() {
    };

    /** What the Jackson-only peer serializes: the same record as objects. */
    record Version(UUID annotatorId, String annotatorName, UUID assignmentId, UUID submissionId, String submittedAt,
                   List<Label> labels) {
    }

    record Agreement(String definition, String type, double agreement, String measure) {
    }

    record Line(Map<String, String> release, Map<String, String> project, Map<String, Object> task,
                Map<String, String> episode, Map<String, Object> schema, List<Label> labels, List<Label> consensus,
                Map<String, Agreement> agreement, List<Version> annotators, Map<String, Object> accepted) {
    }

    public static void main(String[] args) throws IOException {
        String mode = args.length > 0 ? args[0] : "compare";
        LabelSchema schema = LabelSchemaJson.humanoidStarter();
        ReleaseRepository.BuildRow release = new ReleaseRepository.BuildRow(UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), "Pick and place", "1.0.0", false, Set.of(), UUID.randomUUID(), 1,
                LabelSchemaJson.write(schema), ReleaseState.BUILDING, null);
        Template template = new Template(new Random(2026));
        if (mode.equals("heap")) {
            double gigabytes = Double.parseDouble(args[1]);
            heap(release, schema, template, (long) (gigabytes * (1L << 30)));
            return;
        }
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<ReleaseRepository.ItemRow> rows = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            rows.add(template.row());
            lines.add(template.line(release, schema, rows.getLast()));
        }
        ours(release, schema, rows);
        peer(lines);
        double[] oursRate = new double[rounds];
        double[] peerRate = new double[rounds];
        double[] ratio = new double[rounds];
        long bytes = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            bytes = ours(release, schema, rows);
            oursRate[r] = items / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            long peerBytes = peer(lines);
            peerRate[r] = items / ((System.nanoTime() - t0) / 1e9);
            ratio[r] = oursRate[r] / peerRate[r];
            System.out.printf(Locale.ROOT, "round %d: ours %.0f items/s (%.1f MB/s, %d B/item), Jackson-only %.0f "
                            + "items/s (%.1f MB/s, %d B/item), ratio %.2f%n", r + 1, oursRate[r],
                    oursRate[r] * bytes / items / 1e6, bytes / items, peerRate[r],
                    peerRate[r] * peerBytes / items / 1e6, peerBytes / items, oursRate[r] / peerRate[r]);
        }
        java.util.Arrays.sort(oursRate);
        java.util.Arrays.sort(peerRate);
        java.util.Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "median: ours %.0f items/s, Jackson-only %.0f items/s; median of the rounds' "
                + "ratios %.2f%n", oursRate[rounds / 2], peerRate[rounds / 2], ratio[rounds / 2]);
    }

    /** The release's own path: LabelLines with the report, into a counting null stream. */
    static long ours(ReleaseRepository.BuildRow release, LabelSchema schema, List<ReleaseRepository.ItemRow> rows) {
        Counting out = new Counting();
        ReportAccumulator report = new ReportAccumulator(schema.definitions(), 3);
        try (LabelLines lines = new LabelLines(JSON, release, schema, report, out)) {
            rows.forEach(lines::write);
        }
        return out.count;
    }

    static long peer(List<Line> lines) {
        Counting out = new Counting();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            for (Line line : lines) {
                JSON.writeValue(generator, line);
                generator.writeRaw('\n');
            }
        }
        return out.count;
    }

    static void heap(ReleaseRepository.BuildRow release, LabelSchema schema, Template template, long target) {
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()).toList();
        System.gc();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        Counting out = new Counting();
        ReportAccumulator report = new ReportAccumulator(schema.definitions(), 3);
        long items = 0;
        long t0 = System.nanoTime();
        long maxAfterGc = 0;
        try (LabelLines lines = new LabelLines(JSON, release, schema, report, out)) {
            while (out.count < target) {
                // pages of 200, as the build reads them
                List<ReleaseRepository.ItemRow> page = new ArrayList<>(ReleaseBuilder.BATCH);
                for (int i = 0; i < ReleaseBuilder.BATCH; i++) {
                    page.add(template.row());
                }
                page.forEach(lines::write);
                items += page.size();
                if (items % 100_000 == 0) {
                    maxAfterGc = Math.max(maxAfterGc, afterGc(pools));
                }
            }
        }
        report.report(release, schema.name(), 0, Map.of(), 1);
        double seconds = (System.nanoTime() - t0) / 1e9;
        maxAfterGc = Math.max(maxAfterGc, afterGc(pools));
        System.out.printf(Locale.ROOT, "heap: %.2f GB (%d items) in %.1f s (%.0f MB/s); max heap in use after a "
                        + "collection %.1f MB; -Xmx %d MB%n", out.count / (double) (1L << 30), items, seconds,
                out.count / seconds / 1e6, maxAfterGc / 1e6, Runtime.getRuntime().maxMemory() >> 20);
    }

    /** Heap in use right after the last collection of each pool, summed. */
    private static long afterGc(List<MemoryPoolMXBean> pools) {
        long sum = 0;
        for (MemoryPoolMXBean pool : pools) {
            if (pool.getCollectionUsage() != null) {
                sum += pool.getCollectionUsage().getUsed();
            }
        }
        return sum;
    }

    /** One realistic task's stored JSON, re-used with fresh ids per item. */
    static final class Template {
        final String labels;
        final String agreement;
        final String annotators;
        final List<Label> labelObjects;
        final Map<String, Agreement> agreementObjects;
        final List<Version> versions;

        Template(Random random) {
            labelObjects = labels(random);
            versions = new ArrayList<>();
            for (int a = 0; a < 3; a++) {
                versions.add(new Version(UUID.randomUUID(), "Annotator " + a, UUID.randomUUID(), UUID.randomUUID(),
                        "2026-12-06T10:12:03.1+00:00", labels(random)));
            }
            agreementObjects = new LinkedHashMap<>();
            for (String d : List.of("phase", "contact", "grasp_outcome", "quality", "description", "demo_quality",
                    "object_mass", "object_box")) {
                agreementObjects.put(d, new Agreement(d, "category", random.nextDouble(), "mean pairwise match"));
            }
            labels = JSON.writerFor(LABELS).writeValueAsString(labelObjects);
            agreement = JSON.writeValueAsString(agreementObjects);
            annotators = JSON.writeValueAsString(versions);
        }

        ReleaseRepository.ItemRow row() {
            return new ReleaseRepository.ItemRow(UUID.randomUUID(), UUID.randomUUID(), "episode", null, null, labels,
                    labels, agreement, annotators, false, UUID.randomUUID(), "Quinn QA", OffsetDateTime.now());
        }

        Line line(ReleaseRepository.BuildRow release, LabelSchema schema, ReleaseRepository.ItemRow row) {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("id", row.taskId().toString());
            task.put("gold", row.gold());
            Map<String, Object> schemaInfo = new LinkedHashMap<>();
            schemaInfo.put("versionId", release.schemaVersionId().toString());
            schemaInfo.put("name", schema.name());
            schemaInfo.put("version", release.schemaVersion());
            Map<String, Object> accepted = new LinkedHashMap<>();
            accepted.put("by", Map.of("id", row.acceptedBy().toString(), "name", row.acceptedByName()));
            accepted.put("at", row.acceptedAt().toInstant().toString());
            return new Line(Map.of("id", release.id().toString(), "version", release.version()),
                    Map.of("id", release.projectId().toString(), "name", release.projectName()), task,
                    Map.of("id", row.episodeId().toString(), "name", row.episodeName()), schemaInfo, labelObjects,
                    labelObjects, agreementObjects, versions, accepted);
        }

        static List<Label> labels(Random random) {
            List<Label> labels = new ArrayList<>();
            long t = 0;
            for (String phase : List.of("reach", "grasp", "lift", "transport", "place", "release", "retract")) {
                long end = t + 1_000_000_000L + random.nextInt(1_000_000_000);
                labels.add(new Label.Phase(UUID.randomUUID(), "phase", "main", phase, t, end));
                t = end;
            }
            for (int e = 0; e < 12; e++) {
                labels.add(new Label.Event(UUID.randomUUID(), "contact", e % 2 == 0 ? "contact-on" : "contact-off",
                        random.nextLong(t)));
            }
            labels.add(new Label.Value(UUID.randomUUID(), "grasp_outcome", null, List.of("success"), null, null, null));
            labels.add(new Label.Value(UUID.randomUUID(), "quality", null, List.of(), null, true, null));
            labels.add(new Label.Value(UUID.randomUUID(), "object_mass", null, List.of(), 0.2 + random.nextDouble(),
                    null, null));
            labels.add(new Label.Value(UUID.randomUUID(), "demo_quality", null, List.of(), 4.0, null, null));
            labels.add(new Label.Value(UUID.randomUUID(), "description", null, List.of(), null, null,
                    "picked the red cube and placed it in the box"));
            List<Label.BoxKey> keys = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                keys.add(new Label.BoxKey(k * 500_000_000L, 100 + random.nextDouble() * 50, 80, 40, 40));
            }
            labels.add(new Label.BoxTrack(UUID.randomUUID(), "object_box", "target", "object", "head_camera", keys));
            return labels;
        }
    }

    /** /dev/null that counts. */
    static final class Counting extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
