package dev.touchstone.quality.engine;

import java.util.List;

/**
 * Agreement of two annotators' sets of 3-D cuboids (one point cloud or one frame): one-to-one Hungarian matching
 * maximising the total 3-D IoU ({@link CuboidIoU}), keeping pairs with IoU &gt; 0; a match is a true positive when
 * its IoU reaches the threshold. Precision, recall, F1 and mean IoU as in {@link BoxAgreement}.
 */
public final class CuboidAgreement {

    private CuboidAgreement() {
    }

    public static BoxAgreement.Result match(List<Cuboid> a, List<Cuboid> b, double iouThreshold) {
        BoxAgreement.checkThreshold(iouThreshold);
        double[][] iou = new double[a.size()][b.size()];
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < b.size(); j++) {
                iou[i][j] = CuboidIoU.iou(a.get(i), b.get(j));
            }
        }
        return BoxAgreement.result(BoxAgreement.matches(iou), a.size(), b.size(), iouThreshold);
    }
}
