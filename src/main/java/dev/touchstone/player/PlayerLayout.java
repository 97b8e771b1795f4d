package dev.touchstone.player;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a member arranges the player, remembered across episodes and sessions.
 *
 * @param hidden     keys of the views not shown ({@code camera:<stream name>}, {@code signals}, ...); a key of a view
 *                   that an episode does not have is simply kept for the episodes that do
 * @param split      the share of the height given to the tile views (cameras, clouds, tactile) above the wide ones
 *                   (signals), 0.15-0.85
 * @param columns    tile columns; 0 lets the width decide
 * @param trackLanes height of the label-track area in lanes, 1-12
 */
public record PlayerLayout(List<String> hidden, double split, int columns, int trackLanes) {

    public static final int MAX_HIDDEN = 200;
    public static final int MAX_COLUMNS = 6;
    private static final Pattern VIEW_KEY = Pattern.compile("[\\p{L}\\p{N}_./:@ -]{1,160}");

    public static final PlayerLayout DEFAULT = new PlayerLayout(List.of(), 0.6, 0, 3);

    /** @throws IllegalArgumentException naming the first field out of its range */
    public PlayerLayout {
        Objects.requireNonNull(hidden, "hidden");
        if (hidden.size() > MAX_HIDDEN) {
            throw new IllegalArgumentException("A layout can hide at most " + MAX_HIDDEN + " views");
        }
        for (String key : hidden) {
            if (key == null || !VIEW_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("Not a view key: " + (key == null ? "null"
                        : key.length() > 40 ? key.substring(0, 40) + "…" : key));
            }
        }
        hidden = List.copyOf(hidden.stream().distinct().toList());
        if (!(split >= 0.15 && split <= 0.85)) {
            throw new IllegalArgumentException("The split must be between 0.15 and 0.85, not " + split);
        }
        if (columns < 0 || columns > MAX_COLUMNS) {
            throw new IllegalArgumentException("Columns must be 0 (automatic) to " + MAX_COLUMNS + ", not " + columns);
        }
        if (trackLanes < 1 || trackLanes > 12) {
            throw new IllegalArgumentException("The label-track area shows 1-12 lanes, not " + trackLanes);
        }
    }
}
