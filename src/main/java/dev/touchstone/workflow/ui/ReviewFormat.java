package dev.touchstone.workflow.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How numbers and names read on the review screen: agreement with two decimals, values with two decimals and their
 * unit (times in seconds to the millisecond), and short labels that tell annotators apart where a full name does
 * not fit.
 */
final class ReviewFormat {

    static final String NOT_LABELLED = "not labelled";

    private ReviewFormat() {
    }

    /** 0.8716205 → "0.87"; no agreement (nobody used the label) → "not labelled". */
    static String agreement(Double value) {
        return value == null || value.isNaN() ? NOT_LABELLED : String.format(Locale.ROOT, "%.2f", value);
    }

    /** A number label's value: "0.87 kg"; a value in seconds keeps its milliseconds: "1.235 s". */
    static String number(Double value, String unit) {
        if (value == null || value.isNaN()) {
            return "";
        }
        if ("s".equals(unit)) {
            return String.format(Locale.ROOT, "%.3f s", value);
        }
        return String.format(Locale.ROOT, "%.2f", value) + (unit == null ? "" : " " + unit);
    }

    /**
     * Short, distinct labels for a list of names, in the same order: the initials of the words, numbers kept whole
     * ("Simulated annotator 1" → "SA1", "Ana Annotator" → "AA"); where two names give the same initials, each gets
     * its position among them (·1, ·2).
     */
    static List<String> shortLabels(List<String> names) {
        List<String> initials = new ArrayList<>();
        for (String name : names) {
            StringBuilder label = new StringBuilder();
            for (String word : name.trim().split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (word.chars().allMatch(Character::isDigit)) {
                    label.append(word);
                } else {
                    label.appendCodePoint(Character.toUpperCase(word.codePointAt(0)));
                }
            }
            initials.add(label.isEmpty() ? "?" : label.toString());
        }
        Map<String, Integer> counts = new HashMap<>();
        initials.forEach(i -> counts.merge(i, 1, Integer::sum));
        Map<String, Integer> seen = new HashMap<>();
        List<String> labels = new ArrayList<>();
        for (String i : initials) {
            labels.add(counts.get(i) == 1 ? i : i + "·" + seen.merge(i, 1, Integer::sum));
        }
        return labels;
    }
}
