package dev.touchstone.dataset;

/**
 * The geometry of a depth camera's frames: size, what one unit of the 16-bit value means, and the pinhole
 * intrinsics needed to unproject pixels to points (zero when the recording does not give them).
 *
 * @param metersPerUnit e.g. 0.001 for millimetres; 0 means "no depth" is encoded as value 0
 */
public record DepthFormat(int width, int height, double metersPerUnit, double fx, double fy, double cx, double cy) {

    public DepthFormat {
        if (width <= 0 || height <= 0 || (long) width * height > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("Depth frame size " + width + "x" + height + " is not plausible");
        }
        if (!(metersPerUnit > 0) || Double.isInfinite(metersPerUnit)) {
            throw new IllegalArgumentException("Depth scale must be a positive number of metres per unit");
        }
    }

    public int pixels() {
        return width * height;
    }
}
