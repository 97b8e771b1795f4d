package dev.touchstone.quality.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Exact intersection over union of two oriented 3-D boxes ({@link Cuboid}), up to floating point rounding.
 * <p>
 * General path, any rotations: the intersection of two boxes is a convex polyhedron. Box A is represented by its six
 * faces (polygons with outward unit normals); it is clipped in turn by the six half-spaces n·x ≤ d of box B. Each
 * clip cuts every face polygon with the plane (Sutherland and Hodgman 1974) and closes the hole with a new face on the
 * plane, whose vertices are the points where the cut met the plane, ordered by angle around their centroid (they are
 * the vertices of a convex polygon). The volume then follows from the divergence theorem with the field x/3: for a
 * closed polyhedron V = (1/3) Σ_f A_f (n_f · p_f), where A_f is the area of face f, n_f its outward unit normal and
 * p_f any point on it (n_f · p_f = d_f is constant on a planar face). Coordinates are taken relative to A's centre.
 * <p>
 * Yaw-only path, when both boxes rotate about the z axis only (the common case in point-cloud labels): the
 * intersection is the overlap of the two rectangles seen from above (convex polygon clipping) times the overlap of
 * the two z intervals. The tests check that both paths agree to 1e-9.
 * <p>
 * IoU = V_∩ / (V_A + V_B − V_∩), in [0, 1], symmetric. Stateless and thread-safe.
 */
public final class CuboidIoU {

    private CuboidIoU() {
    }

    /** IoU, by the yaw-only path when both boxes are yaw-only, else by the general path. */
    public static double iou(Cuboid a, Cuboid b) {
        return a.yawOnly() && b.yawOnly() ? iouYaw(a, b) : iouGeneral(a, b);
    }

    /** IoU by the general polyhedron clipping path, whatever the rotations. */
    public static double iouGeneral(Cuboid a, Cuboid b) {
        return ratio(intersectionGeneral(a, b), a, b);
    }

    /** IoU by the yaw-only path; both boxes must be {@link Cuboid#yawOnly()}. */
    public static double iouYaw(Cuboid a, Cuboid b) {
        return ratio(intersectionYaw(a, b), a, b);
    }

    private static double ratio(double intersection, Cuboid a, Cuboid b) {
        if (!(intersection > 0)) {
            return 0;
        }
        double union = a.volume() + b.volume() - intersection;
        return Math.max(0, Math.min(1, intersection / union));
    }

    // ---- general path ----

    /** A planar convex face: vertices in cyclic order, outward unit normal n, offset d = n · p on the face. */
    private record Face(List<double[]> points, double[] normal, double d) {
    }

    /** Volume of the intersection of two boxes, any rotation. */
    public static double intersectionGeneral(Cuboid a, Cuboid b) {
        double[] origin = {a.center(0), a.center(1), a.center(2)};
        double scale = 0;
        for (int k = 0; k < 3; k++) {
            scale = Math.max(scale, Math.max(a.size(k), b.size(k)));
            scale = Math.max(scale, Math.abs(b.center(k) - origin[k]));
        }
        double eps = 1e-12 * scale;
        List<Face> poly = faces(a, origin);
        for (int axis = 0; axis < 3 && !poly.isEmpty(); axis++) {
            for (int sign = -1; sign <= 1 && !poly.isEmpty(); sign += 2) {
                double[] n = new double[3];
                double d = 0;
                for (int k = 0; k < 3; k++) {
                    n[k] = sign * b.axis(axis, k);
                    d += n[k] * (b.center(k) - origin[k]);
                }
                d += b.size(axis) / 2;
                poly = clip(poly, n, d, eps);
            }
        }
        double volume = 0;
        for (Face f : poly) {
            volume += area(f.points(), f.normal()) * f.d();
        }
        return Math.max(0, volume / 3);
    }

    private static List<Face> faces(Cuboid box, double[] origin) {
        List<Face> faces = new ArrayList<>(6);
        double[] half = {box.size(0) / 2, box.size(1) / 2, box.size(2) / 2};
        for (int axis = 0; axis < 3; axis++) {
            int p = (axis + 1) % 3;
            int q = (axis + 2) % 3;
            for (int sign = -1; sign <= 1; sign += 2) {
                List<double[]> pts = new ArrayList<>(4);
                int[][] corners = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
                for (int[] c : corners) {
                    double[] local = new double[3];
                    local[axis] = sign * half[axis];
                    local[p] = c[0] * half[p];
                    local[q] = c[1] * half[q];
                    double[] w = new double[3];
                    for (int k = 0; k < 3; k++) {
                        w[k] = box.world(k, local[0], local[1], local[2]) - origin[k];
                    }
                    pts.add(w);
                }
                double[] n = new double[3];
                double d = 0;
                for (int k = 0; k < 3; k++) {
                    n[k] = sign * box.axis(axis, k);
                    d += n[k] * pts.get(0)[k];
                }
                faces.add(new Face(pts, n, d));
            }
        }
        return faces;
    }

    /** Keeps the part of the convex polyhedron with n · x ≤ d. */
    private static List<Face> clip(List<Face> poly, double[] n, double d, double eps) {
        boolean anyOutside = false;
        boolean anyInside = false;
        for (Face f : poly) {
            for (double[] p : f.points()) {
                double s = dot(n, p) - d;
                anyOutside |= s > eps;
                anyInside |= s < -eps;
            }
        }
        if (!anyOutside) {
            return poly;
        }
        if (!anyInside) {
            return List.of();
        }
        List<Face> out = new ArrayList<>(poly.size() + 1);
        List<double[]> cap = new ArrayList<>();
        for (Face f : poly) {
            List<double[]> pts = f.points();
            int size = pts.size();
            double[] s = new double[size];
            for (int i = 0; i < size; i++) {
                double v = dot(n, pts.get(i)) - d;
                s[i] = Math.abs(v) <= eps ? 0 : v;
            }
            List<double[]> kept = new ArrayList<>(size + 2);
            for (int i = 0; i < size; i++) {
                int j = (i + 1) % size;
                double[] p = pts.get(i);
                double[] q = pts.get(j);
                if (s[i] <= 0) {
                    kept.add(p);
                    if (s[i] == 0) {
                        cap.add(p);
                    }
                }
                if ((s[i] < 0 && s[j] > 0) || (s[i] > 0 && s[j] < 0)) {
                    double t = s[i] / (s[i] - s[j]);
                    double[] x = {p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]), p[2] + t * (q[2] - p[2])};
                    kept.add(x);
                    cap.add(x);
                }
            }
            if (kept.size() >= 3) {
                out.add(new Face(kept, f.normal(), f.d()));
            }
        }
        if (cap.size() >= 3) {
            out.add(new Face(orderAround(cap, n), n, d));
        }
        return out;
    }

    /** Orders points of a convex planar polygon with normal n by angle around their centroid. */
    private static List<double[]> orderAround(List<double[]> pts, double[] n) {
        double[] c = new double[3];
        for (double[] p : pts) {
            for (int k = 0; k < 3; k++) {
                c[k] += p[k] / pts.size();
            }
        }
        double[] helper = Math.abs(n[0]) < 0.9 ? new double[]{1, 0, 0} : new double[]{0, 1, 0};
        double[] u = normalise(cross(n, helper));
        double[] v = cross(n, u);
        List<double[]> sorted = new ArrayList<>(pts);
        sorted.sort((p, q) -> Double.compare(angle(p, c, u, v), angle(q, c, u, v)));
        return sorted;
    }

    private static double angle(double[] p, double[] c, double[] u, double[] v) {
        double x = (p[0] - c[0]) * u[0] + (p[1] - c[1]) * u[1] + (p[2] - c[2]) * u[2];
        double y = (p[0] - c[0]) * v[0] + (p[1] - c[1]) * v[1] + (p[2] - c[2]) * v[2];
        return Math.atan2(y, x);
    }

    /** Area of a planar polygon in cyclic order with unit normal n (Newell's sum, relative to the first vertex). */
    private static double area(List<double[]> pts, double[] n) {
        double[] o = pts.get(0);
        double sum = 0;
        for (int i = 1; i + 1 < pts.size(); i++) {
            double[] p = pts.get(i);
            double[] q = pts.get(i + 1);
            double[] e1 = {p[0] - o[0], p[1] - o[1], p[2] - o[2]};
            double[] e2 = {q[0] - o[0], q[1] - o[1], q[2] - o[2]};
            sum += dot(cross(e1, e2), n);
        }
        return Math.abs(sum) / 2;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[]{a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double[] normalise(double[] a) {
        double len = Math.sqrt(dot(a, a));
        return new double[]{a[0] / len, a[1] / len, a[2] / len};
    }

    // ---- yaw-only path ----

    /** Volume of the intersection of two yaw-only boxes: rectangle overlap area × z overlap. */
    public static double intersectionYaw(Cuboid a, Cuboid b) {
        if (!a.yawOnly() || !b.yawOnly()) {
            throw new IllegalArgumentException("the yaw-only path needs two boxes rotated about z only");
        }
        double za = a.center(2);
        double dz = Math.min(za + a.size(2) / 2, b.center(2) + b.size(2) / 2)
                - Math.max(za - a.size(2) / 2, b.center(2) - b.size(2) / 2);
        if (dz <= 0) {
            return 0;
        }
        double ox = a.center(0);
        double oy = a.center(1);
        List<double[]> pa = rectangle(a, ox, oy);
        List<double[]> pb = rectangle(b, ox, oy);
        for (int i = 0; i < pb.size() && !pa.isEmpty(); i++) {
            pa = clipByEdge(pa, pb.get(i), pb.get((i + 1) % pb.size()));
        }
        if (pa.size() < 3) {
            return 0;
        }
        double twice = 0;
        double[] o = pa.get(0);
        for (int i = 1; i + 1 < pa.size(); i++) {
            double[] p = pa.get(i);
            double[] q = pa.get(i + 1);
            twice += (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0]);
        }
        return Math.abs(twice) / 2 * dz;
    }

    /** The footprint, counter-clockwise seen from +z, relative to (ox, oy). */
    private static List<double[]> rectangle(Cuboid box, double ox, double oy) {
        double hl = box.size(0) / 2;
        double hw = box.size(1) / 2;
        double[][] local = {{-hl, -hw}, {hl, -hw}, {hl, hw}, {-hl, hw}};
        List<double[]> pts = new ArrayList<>(4);
        for (double[] p : local) {
            pts.add(new double[]{box.world(0, p[0], p[1], 0) - ox, box.world(1, p[0], p[1], 0) - oy});
        }
        return pts;
    }

    /** Keeps the part of a convex polygon left of the directed edge e → f (inside of a counter-clockwise polygon). */
    private static List<double[]> clipByEdge(List<double[]> poly, double[] e, double[] f) {
        double ex = f[0] - e[0];
        double ey = f[1] - e[1];
        int size = poly.size();
        double[] s = new double[size];
        for (int i = 0; i < size; i++) {
            double[] p = poly.get(i);
            // Positive: right of the edge, i.e. outside.
            s[i] = -(ex * (p[1] - e[1]) - ey * (p[0] - e[0]));
        }
        List<double[]> out = new ArrayList<>(size + 2);
        for (int i = 0; i < size; i++) {
            int j = (i + 1) % size;
            double[] p = poly.get(i);
            double[] q = poly.get(j);
            if (s[i] <= 0) {
                out.add(p);
            }
            if ((s[i] < 0 && s[j] > 0) || (s[i] > 0 && s[j] < 0)) {
                double t = s[i] / (s[i] - s[j]);
                out.add(new double[]{p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])});
            }
        }
        return out;
    }
}
