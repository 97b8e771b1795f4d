package dev.touchstone.ingest.generator;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Draws a camera's view of a {@link Snapshot} with Java2D: flat-shaded table, object box and arms, painter's
 * order by depth, and the frame number and time in the top-left corner (large enough to read in a downscaled
 * player, so that frame-exact seeking can be checked by eye). One image is reused for every frame.
 */
final class SceneRenderer {

    private static final Color WALL = new Color(205, 210, 215);
    private static final Color FLOOR = new Color(120, 115, 110);
    private static final java.util.Map<String, Color> TABLES = java.util.Map.of("wood", new Color(150, 110, 70),
            "cloth", new Color(70, 95, 80), "steel", new Color(175, 180, 185));
    private static final java.util.Map<String, Color> OBJECTS = java.util.Map.of("cube", new Color(40, 120, 200),
            "mug", new Color(225, 225, 215), "bottle", new Color(60, 160, 90));
    private static final Color ARM = new Color(90, 90, 95);
    private static final Color[] HAND = {new Color(230, 170, 60), new Color(60, 180, 110)};

    private Camera camera;
    private final Color table;
    private final Color object;
    private final String lighting;
    private final BufferedImage image;
    private final Graphics2D g;
    private final byte[] rgb;

    SceneRenderer(Camera camera, Scenario.Factors factors) {
        this.camera = camera;
        this.table = TABLES.get(factors.surface());
        this.object = OBJECTS.get(factors.object());
        this.lighting = factors.lighting();
        this.image = new BufferedImage(camera.width, camera.height, BufferedImage.TYPE_INT_RGB);
        this.g = image.createGraphics();
        // Antialiasing off: output must not depend on the rendering pipeline's blending (determinism by seed).
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
        this.rgb = new byte[camera.width * camera.height * 3];
    }

    /** Moves the view (a wrist camera follows its hand); the image size stays. */
    void camera(Camera moved) {
        if (moved.width != camera.width || moved.height != camera.height) {
            throw new IllegalArgumentException("a renderer keeps its image size");
        }
        camera = moved;
    }

    /** Renders and returns the frame as packed rgb24 (the array is reused). */
    byte[] render(Snapshot s, int frame) {
        double horizonY = horizon();
        g.setColor(WALL);
        g.fillRect(0, 0, camera.width, camera.height);
        g.setColor(FLOOR);
        g.fillRect(0, (int) Math.max(0, horizonY), camera.width, camera.height);

        List<Shape> shapes = new ArrayList<>();
        double x0 = Snapshot.TABLE_X0, x1 = Snapshot.TABLE_X1, y = Snapshot.TABLE_Y;
        addPolygon(shapes, table, 1e9, new double[][]{{x0, y, 0}, {x1, y, 0}, {x1, -y, 0}, {x0, -y, 0}});
        addBox(shapes, s.objectCentre, s.objectHalf);
        for (int hand = 0; hand < 2; hand++) {
            // The upper arm starts half way: the shoulder is right under the head camera and would fill the view.
            double[] upper = new double[3];
            for (int i = 0; i < 3; i++) {
                upper[i] = (s.shoulder[hand][i] + s.elbow[hand][i]) / 2;
            }
            addSegment(shapes, ARM, upper, s.elbow[hand], Snapshot.ARM_RADIUS * 2);
            double forearm = addSegment(shapes, ARM, s.elbow[hand], s.palm[hand], Snapshot.ARM_RADIUS * 2);
            addHand(shapes, hand, s, forearm);
        }
        shapes.sort(Comparator.comparingDouble(Shape::depth).reversed());
        for (Shape shape : shapes) {
            shape.draw(g);
        }
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        light(pixels, horizonY);
        label(frame, s.time);
        for (int i = 0, j = 0; i < pixels.length; i++) {
            int p = pixels[i];
            rgb[j++] = (byte) (p >> 16);
            rgb[j++] = (byte) (p >> 8);
            rgb[j++] = (byte) p;
        }
        return rgb;
    }

    /**
     * The factor's lighting, on the drawn scene (not the frame label): dim darkens everything to 55 %; backlit
     * brightens what is above the horizon (the lit wall behind) by a quarter and darkens the rest, facing the camera
     * in shadow, to 70 %; bright leaves the colours as drawn.
     */
    private void light(int[] pixels, double horizonY) {
        if (lighting.equals("bright")) {
            return;
        }
        int width = camera.width;
        for (int i = 0; i < pixels.length; i++) {
            double gain = lighting.equals("dim") ? 0.55 : i / width < horizonY ? 1.25 : 0.7;
            int p = pixels[i];
            int r = Math.min(255, (int) ((p >> 16 & 0xFF) * gain));
            int g = Math.min(255, (int) ((p >> 8 & 0xFF) * gain));
            int b = Math.min(255, (int) ((p & 0xFF) * gain));
            pixels[i] = r << 16 | g << 8 | b;
        }
    }

    private double horizon() {
        double[] far = {camera.position[0] + 100 * horizontal(camera.forward)[0],
                camera.position[1] + 100 * horizontal(camera.forward)[1], camera.position[2]};
        double[] p = new double[3];
        camera.project(far, p);
        return p[2] > 0 ? p[1] : 0;
    }

    private static double[] horizontal(double[] v) {
        return Camera.normalize(new double[]{v[0], v[1], 1e-9});
    }

    private void label(int frame, double time) {
        int size = Math.max(10, camera.height / 14);
        g.setFont(new Font(Font.MONOSPACED, Font.BOLD, size));
        String text = String.format("F%05d %.3fs", frame, time);
        int w = g.getFontMetrics().stringWidth(text);
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, w + 6, size + 6);
        g.setColor(Color.WHITE);
        g.drawString(text, 3, size + 1);
    }

    private record Shape(double depth, Color color, java.awt.Shape outline, float stroke) {
        void draw(Graphics2D g) {
            g.setColor(color);
            if (stroke > 0) {
                g.setStroke(new BasicStroke(stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(outline);
            } else {
                g.fill(outline);
            }
        }
    }

    /** Adds a polygon clipped to the front of the camera (dropped if any corner is behind: fine for this scene). */
    private void addPolygon(List<Shape> shapes, Color color, double depthOverride, double[][] corners) {
        Path2D.Double path = new Path2D.Double();
        double[] p = new double[3];
        double depth = 0;
        for (int i = 0; i < corners.length; i++) {
            camera.project(corners[i], p);
            if (p[2] <= 0.01) {
                return;
            }
            depth += p[2] / corners.length;
            if (i == 0) {
                path.moveTo(p[0], p[1]);
            } else {
                path.lineTo(p[0], p[1]);
            }
        }
        path.closePath();
        shapes.add(new Shape(depthOverride > 0 ? depthOverride : depth, color, path, 0));
    }

    private void addBox(List<Shape> shapes, double[] c, double[] h) {
        for (int axis = 0; axis < 3; axis++) {
            for (int sign = -1; sign <= 1; sign += 2) {
                double[] normal = new double[3];
                normal[axis] = sign;
                double[] centre = c.clone();
                centre[axis] += sign * h[axis];
                double facing = 0;
                for (int i = 0; i < 3; i++) {
                    facing += normal[i] * (camera.position[i] - centre[i]);
                }
                if (facing <= 0) {
                    continue;
                }
                int a1 = (axis + 1) % 3, a2 = (axis + 2) % 3;
                double[][] corners = new double[4][];
                int[][] signs = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
                for (int k = 0; k < 4; k++) {
                    corners[k] = centre.clone();
                    corners[k][a1] += signs[k][0] * h[a1];
                    corners[k][a2] += signs[k][1] * h[a2];
                }
                // Light from above and the front: each face its own shade so the box reads as a solid.
                float shade = axis == 2 ? 1f : axis == 0 ? 0.8f : 0.65f;
                Color color = new Color((int) (object.getRed() * shade), (int) (object.getGreen() * shade),
                        (int) (object.getBlue() * shade));
                addPolygon(shapes, color, 0, corners);
            }
        }
    }

    /** Returns the depth the segment is sorted by, or infinity when it is not drawn. */
    private double addSegment(List<Shape> shapes, Color color, double[] a, double[] b, double thickness) {
        double[] pa = new double[3], pb = new double[3];
        camera.project(a, pa);
        camera.project(b, pb);
        if (pa[2] <= 0.01 || pb[2] <= 0.01) {
            return Double.POSITIVE_INFINITY;
        }
        double depth = (pa[2] + pb[2]) / 2;
        float width = (float) Math.clamp(camera.focal * thickness / depth, 1, camera.width / 10.0);
        shapes.add(new Shape(depth, color, new java.awt.geom.Line2D.Double(pa[0], pa[1], pb[0], pb[1]), width));
        return depth;
    }

    /** A palm disc and three fingers whose length shrinks as the hand closes. */
    private void addHand(List<Shape> shapes, int hand, Snapshot s, double forearmDepth) {
        double[] p = new double[3];
        camera.project(s.palm[hand], p);
        if (p[2] <= 0.01) {
            return;
        }
        double r = camera.focal * Snapshot.HAND_RADIUS / p[2];
        // Drawn in front of its own forearm, whose average depth is often nearer the camera than the palm.
        double depth = Math.min(p[2], forearmDepth) - 1e-3;
        shapes.add(new Shape(depth, HAND[hand],
                new java.awt.geom.Ellipse2D.Double(p[0] - r, p[1] - r, 2 * r, 2 * r), 0));
        double inward = -Scenario.side(hand);
        double reach = 0.07 * (1 - 0.7 * s.closure);
        for (int finger = -1; finger <= 1; finger++) {
            double[] base = {s.palm[hand][0] + finger * 0.025, s.palm[hand][1], s.palm[hand][2] + 0.01};
            double[] tip = {base[0], base[1] + inward * reach * 0.6, base[2] + reach * 0.4 - 0.05 * s.closure};
            if (Double.isFinite(addSegment(shapes, HAND[hand].darker(), base, tip, 0.016))) {
                // Same ordering reason as the palm.
                Shape tipShape = shapes.removeLast();
                shapes.add(new Shape(depth - 1e-3, tipShape.color(), tipShape.outline(), tipShape.stroke()));
            }
        }
    }
}
