package dev.touchstone.proposal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An episode's demonstration-quality flags, and the part of it worth keeping once idle head and tail are trimmed.
 *
 * @param flags          in a fixed order (docs/proposals.md), one {@code noise.<stream>} per configured stream;
 *                       the task-relative ones ({@code path.ratio}, {@code duration.z}, {@code noise.ratio}) only
 *                       after {@link QualityProposers#withinTask}
 * @param trimStartNanos end of the idle head: a proposed trim keeps [trimStart, trimEnd)
 * @param trimEndNanos   start of the idle tail
 */
public record QualityFlags(List<Flag> flags, long trimStartNanos, long trimEndNanos) {

    public static final String IDLE_HEAD = "idle.head";
    public static final String IDLE_TAIL = "idle.tail";
    public static final String HESITATION = "hesitation";
    public static final String JERK_P95 = "jerk.p95";
    public static final String PATH_LENGTH = "path.length";
    public static final String PATH_RATIO = "path.ratio";
    public static final String DURATION = "duration";
    public static final String DURATION_Z = "duration.z";
    public static final String DROPOUT_TOTAL = "dropout.total";
    public static final String DROPOUT_LONGEST = "dropout.longest";
    public static final String SATURATION = "saturation";
    public static final String GRASP_ATTEMPTS = "grasp.attempts";
    public static final String GRASP_FAILED = "grasp.failed";
    public static final String DROPS = "drops";
    /** Per configured stream: {@code noise.<stream>}, its sample-to-sample noise (StreamHealth). */
    public static final String NOISE_PREFIX = "noise.";
    /** After withinTask: the largest of each stream's noise over the task's median for that stream. */
    public static final String NOISE_RATIO = "noise.ratio";

    public QualityFlags {
        flags = List.copyOf(flags);
        if (trimEndNanos < trimStartNanos) {
            throw new IllegalArgumentException("trim ends at " + trimEndNanos + " ns, before its start "
                    + trimStartNanos + " ns");
        }
    }

    /**
     * What a person calls a flag: "Idle at start" for {@code idle.head}, "Noise: left_wrist_ft" for
     * {@code noise.left_wrist_ft}. Screens show this and keep the key for the docs and the tooltip.
     */
    public static String title(String key) {
        return switch (key) {
            case IDLE_HEAD -> "Idle at start";
            case IDLE_TAIL -> "Idle at end";
            case HESITATION -> "Hesitation";
            case JERK_P95 -> "Jerk p95";
            case PATH_LENGTH -> "Path length";
            case PATH_RATIO -> "Path vs task median";
            case DURATION -> "Duration";
            case DURATION_Z -> "Duration z-score";
            case DROPOUT_TOTAL -> "Dropouts";
            case DROPOUT_LONGEST -> "Longest dropout";
            case SATURATION -> "Saturation";
            case GRASP_ATTEMPTS -> "Grasp attempts";
            case GRASP_FAILED -> "Failed grasps";
            case DROPS -> "Drops";
            case NOISE_RATIO -> "Noise vs task median";
            default -> key.startsWith(NOISE_PREFIX) ? "Noise: " + key.substring(NOISE_PREFIX.length()) : key;
        };
    }

    public Optional<Flag> flag(String key) {
        return flags.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    /** The flag's value, or NaN when the episode has no such flag. */
    public double value(String key) {
        return flag(key).map(Flag::value).orElse(Double.NaN);
    }

    /** A copy with these flags added, or replacing flags of the same key. */
    public QualityFlags with(List<Flag> added) {
        List<Flag> out = new ArrayList<>();
        for (Flag f : flags) {
            if (added.stream().noneMatch(a -> a.key().equals(f.key()))) {
                out.add(f);
            }
        }
        out.addAll(added);
        return new QualityFlags(out, trimStartNanos, trimEndNanos);
    }
}
