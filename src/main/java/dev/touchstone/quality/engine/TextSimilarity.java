package dev.touchstone.quality.engine;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Normalised edit similarity of two texts: 1 − Levenshtein(a, b) / max(|a|, |b|), in [0, 1], where the distance
 * counts insertions, deletions and substitutions of Unicode code points (not UTF-16 units) with cost 1, after
 * normalising both texts: Unicode NFC, every run of whitespace ({@link Character#isWhitespace} or a no-break space)
 * replaced by one space, leading and trailing whitespace removed. Two texts that are empty after normalisation have
 * similarity 1.
 * <p>
 * Case is kept by default: "Bottle" and "bottle" differ by one substitution. With {@code ignoreCase} both texts are
 * case folded first (upper- then lower-casing in {@link Locale#ROOT}, which also maps ß to ss, then NFC again).
 */
public final class TextSimilarity {

    private TextSimilarity() {
    }

    /** Case-sensitive similarity. */
    public static double similarity(String a, String b) {
        return similarity(a, b, false);
    }

    public static double similarity(String a, String b, boolean ignoreCase) {
        int[] x = normalise(a, ignoreCase).codePoints().toArray();
        int[] y = normalise(b, ignoreCase).codePoints().toArray();
        int longest = Math.max(x.length, y.length);
        if (longest == 0) {
            return 1;
        }
        return 1 - (double) levenshtein(x, y) / longest;
    }

    /** The normalised form the similarity compares. */
    public static String normalise(String text, boolean ignoreCase) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFC);
        if (ignoreCase) {
            s = Normalizer.normalize(s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
        }
        StringBuilder out = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                space = true;
            } else {
                if (space && !out.isEmpty()) {
                    out.append(' ');
                }
                space = false;
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** Levenshtein distance of two sequences, two rows of memory. */
    public static int levenshtein(int[] a, int[] b) {
        int[] prev = new int[b.length + 1];
        int[] cur = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length; j++) {
                int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length];
    }
}
