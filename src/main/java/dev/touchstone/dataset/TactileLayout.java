package dev.touchstone.dataset;

import java.util.List;
import java.util.Objects;

/**
 * How the channels of a tactile stream form taxel arrays: one pad per fingertip, each a grid of rows x columns
 * taxels whose channels follow each other row by row, pads in order.
 */
public record TactileLayout(List<Pad> pads) {

    public record Pad(String name, int rows, int columns) {
        public Pad {
            Objects.requireNonNull(name, "name");
            if (rows <= 0 || columns <= 0) {
                throw new IllegalArgumentException("A tactile pad needs at least one row and column: " + name);
            }
        }

        public int taxels() {
            return rows * columns;
        }
    }

    public TactileLayout {
        pads = List.copyOf(pads);
        if (pads.isEmpty()) {
            throw new IllegalArgumentException("A tactile layout needs at least one pad");
        }
    }

    public int taxels() {
        return pads.stream().mapToInt(Pad::taxels).sum();
    }
}
