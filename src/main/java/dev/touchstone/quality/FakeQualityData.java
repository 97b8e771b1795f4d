package dev.touchstone.quality;

import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchema.Definition;
import dev.touchstone.labeling.LabelType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * <b>TEMPORARY STAND-IN, development only (branch wip/dashboard):</b> made-up dashboard numbers for
 * {@link QualityService} until the real service is merged; delete this file then. The numbers are deterministic per
 * project id and definition key so screenshots and tests are repeatable; task, episode and annotator ids are
 * invented and lead nowhere.
 */
final class FakeQualityData {

    private static final int DAYS = 14;
    private static final List<String> ANNOTATORS = List.of("Ana Annotator", "Ben Annotator", "Cleo Contractor");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    QualityDashboard dashboard(UUID projectId, LabelSchema schema) {
        List<TypeAgreement> definitions = new ArrayList<>();
        List<DaySeries> overTime = new ArrayList<>();
        List<ConfusionMatrix> confusion = new ArrayList<>();
        int merged = 40 + new Random(projectId.getMostSignificantBits()).nextInt(80);
        LocalDate first = LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(DAYS - 1);
        for (Definition d : schema.definitions()) {
            Random random = random(projectId, d.key());
            boolean coded = coded(d.type());
            double mean = 0.55 + 0.43 * random.nextDouble();
            Double alpha = coded ? mean - 0.1 - 0.15 * random.nextDouble() : null;
            definitions.add(new TypeAgreement(d.key(), d.name(), d.type(), measure(d.type()), mean, alpha,
                    alpha == null ? null : alpha - 0.08, alpha == null ? null : Math.min(1, alpha + 0.07), merged));
            List<DayPoint> points = new ArrayList<>();
            for (int day = 0; day < DAYS; day++) {
                if (random.nextInt(7) == 0) {
                    continue; // a day without merged tasks
                }
                double m = clamp(mean - 0.12 + 0.015 * day + 0.08 * random.nextGaussian());
                points.add(new DayPoint(first.plusDays(day), m, coded ? clamp(m - 0.12) : null, 1 + random.nextInt(12)));
            }
            overTime.add(new DaySeries(d.key(), d.name(), points));
            List<String> classes = d.classes().stream().map(LabelSchema.LabelClass::key).toList();
            if (d.type().hasClasses() && classes.size() >= 2) {
                confusion.add(matrix(d, null, classes, random));
                for (int a = 0; a < ANNOTATORS.size(); a++) {
                    confusion.add(matrix(d, annotatorId(a), classes, random));
                }
            }
        }
        List<AnnotatorQuality> annotators = new ArrayList<>();
        for (int a = 0; a < ANNOTATORS.size(); a++) {
            Random random = random(projectId, ANNOTATORS.get(a));
            Map<String, Double> withConsensus = new LinkedHashMap<>();
            for (Definition d : schema.definitions()) {
                withConsensus.put(d.key(), 0.5 + 0.5 * random.nextDouble());
            }
            List<DayPoint> gold = new ArrayList<>();
            for (int day = 0; day < DAYS; day += 2) {
                gold.add(new DayPoint(first.plusDays(day), clamp(0.6 + 0.4 * random.nextDouble()), null, 1));
            }
            double accuracy = gold.stream().mapToDouble(DayPoint::meanAgreement).average().orElse(0);
            annotators.add(new AnnotatorQuality(annotatorId(a), ANNOTATORS.get(a), withConsensus, accuracy,
                    gold.size(), merged * 2 / ANNOTATORS.size(), gold));
        }
        return new QualityDashboard(projectId, schema.definitions().isEmpty() ? 0 : merged, definitions, overTime,
                annotators, confusion, NOW);
    }

    List<LowTask> lowTasks(UUID projectId, String definition, UUID annotatorId, int limit) {
        Random random = random(projectId, definition + annotatorId);
        List<LowTask> tasks = new ArrayList<>();
        double agreement = 0.1 * random.nextDouble();
        for (int i = 0; i < Math.min(limit, 8); i++) {
            agreement += 0.08 * random.nextDouble();
            tasks.add(new LowTask(uuid(projectId + definition + annotatorId + "task" + i),
                    uuid(projectId + "episode" + i), String.format("synthetic-1-%04d", i), definition,
                    agreement, NOW.minus(random.nextInt(DAYS * 24), ChronoUnit.HOURS)));
        }
        return tasks;
    }

    private static ConfusionMatrix matrix(Definition d, UUID annotator, List<String> classes, Random random) {
        long[][] counts = new long[classes.size()][classes.size()];
        for (int row = 0; row < counts.length; row++) {
            for (int column = 0; column < counts.length; column++) {
                counts[row][column] = row == column ? 10 + random.nextInt(40) : random.nextInt(3) == 0 ? random.nextInt(8) : 0;
            }
        }
        return new ConfusionMatrix(d.key(), d.name(), annotator, classes, counts);
    }

    private static boolean coded(LabelType type) {
        return type == LabelType.CATEGORY || type == LabelType.RATING || type == LabelType.VERDICT
                || type == LabelType.NUMBER;
    }

    private static String measure(LabelType type) {
        return switch (type) {
            case PHASE -> "frame overlap";
            case EVENT -> "event F1";
            case CATEGORY, VERDICT -> "nominal";
            case RATING -> "ordinal";
            case NUMBER -> "interval";
            case TEXT -> "text similarity";
            case BOX2D, CUBOID3D -> "matched IoU";
        };
    }

    private static UUID annotatorId(int index) {
        return uuid("fake-annotator-" + index);
    }

    private static UUID uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    }

    private static Random random(UUID projectId, String key) {
        return new Random(projectId.hashCode() * 31L + key.hashCode());
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }
}
