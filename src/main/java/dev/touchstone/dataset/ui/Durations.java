package dev.touchstone.dataset.ui;

import java.util.Locale;

/** How durations and rates read on screen. */
public final class Durations {

    private Durations() {
    }

    /** 83_450_000_000 ns → "1:23.45"; under a minute "23.45 s". */
    public static String format(long nanos) {
        double seconds = nanos / 1e9;
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.2f s", seconds);
        }
        long whole = (long) seconds;
        double rest = seconds - (whole / 60) * 60;
        if (whole >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%05.2f", whole / 3600, (whole / 60) % 60, rest);
        }
        return String.format(Locale.ROOT, "%d:%05.2f", whole / 60, rest);
    }

    /** A spacing between samples: "5.00 ms", "33.4 ms", "1.25 s". */
    public static String interval(long nanos) {
        if (nanos < 1_000_000_000L) {
            double ms = nanos / 1e6;
            return ms < 10 ? String.format(Locale.ROOT, "%.2f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return format(nanos);
    }

    public static String rate(double hz) {
        if (hz <= 0) {
            return "–";
        }
        return hz >= 100 ? String.format(Locale.ROOT, "%.0f Hz", hz) : String.format(Locale.ROOT, "%.2f Hz", hz);
    }

    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
