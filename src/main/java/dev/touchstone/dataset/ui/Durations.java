package dev.touchstone.dataset.ui;

import java.util.Locale;

/** How durations and rates read on screen. */
public final class Durations {

    private Durations() {
    }

    /**
     * 83_450_000_000 ns → "1:23.45"; under a minute "23.45 s"; from an hour "1:02:03.45". The duration is rounded
     * to hundredths first and only then split, so 179.996 s carries into "3:00.00" instead of showing "2:60.00".
     */
    public static String format(long nanos) {
        if (nanos < 0) {
            return "-" + format(-nanos);
        }
        long hundredths = Math.round(nanos / 1e7);
        long seconds = hundredths / 100;
        long fraction = hundredths % 100;
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%d.%02d s", seconds, fraction);
        }
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d.%02d", seconds / 3600, seconds / 60 % 60, seconds % 60,
                    fraction);
        }
        return String.format(Locale.ROOT, "%d:%02d.%02d", seconds / 60, seconds % 60, fraction);
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
