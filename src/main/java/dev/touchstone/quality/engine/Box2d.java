package dev.touchstone.quality.engine;

/**
 * An axis-aligned box on an image, corners (x1, y1) and (x2, y2) with x1 &lt; x2 and y1 &lt; y2, in any continuous
 * unit (pixels or normalised). Boxes of zero or negative size, or with non-finite coordinates, are rejected.
 */
public record Box2d(double x1, double y1, double x2, double y2) {

    public Box2d {
        if (!(Double.isFinite(x1) && Double.isFinite(y1) && Double.isFinite(x2) && Double.isFinite(y2))) {
            throw new IllegalArgumentException("box coordinates must be finite numbers");
        }
        if (!(x2 > x1 && y2 > y1)) {
            throw new IllegalArgumentException("box [" + x1 + ", " + y1 + ", " + x2 + ", " + y2
                    + "] needs x1 < x2 and y1 < y2");
        }
    }

    public double area() {
        return (x2 - x1) * (y2 - y1);
    }

    /** Intersection over union, in [0, 1]; symmetric. */
    public double iou(Box2d other) {
        double w = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        double h = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return Math.min(1.0, inter / (area() + other.area() - inter));
    }
}
