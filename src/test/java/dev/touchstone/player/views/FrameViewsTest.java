package dev.touchstone.player.views;

import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the point-cloud and depth wrappers hand to their elements: ids, names, offsets and small metadata only. */
class FrameViewsTest {

    private static StreamInfo stream(StreamKind kind, Map<String, Object> properties) {
        return new StreamInfo(UUID.fromString("00000000-0000-0000-0000-000000000042"), "head", kind, 10, 0,
                1_000_000_000L, 7_000_000L, 10, 100_000_000L, 100_000_000L, 0, 0, List.of(), properties, "x.mcap",
                "", 0);
    }

    @Test
    void theCloudViewDescribesItsStreamWithTheRecordedCounts() {
        CloudView view = new CloudView(stream(StreamKind.POINTCLOUD,
                Map.of("frames", 12, "maxPoints", 1_000_000L, "intensity", true, "rgb", false)));
        String described = String.valueOf(view.getElement().getPropertyRaw("stream"));
        assertThat(described).contains("\"id\":\"00000000-0000-0000-0000-000000000042\"", "\"name\":\"head\"",
                "\"offsetNanos\":7000000", "\"frames\":12", "\"maxPoints\":1000000", "\"intensity\":true",
                "\"rgb\":false");
        assertThat(view.getElement().getTag()).isEqualTo("ts-cloud-view");
        assertThat(view.getElement().getAttribute("name")).isEqualTo("head");
    }

    @Test
    void theDepthViewPassesScaleAndIntrinsicsWhateverNumberTypeTheyHave() {
        DepthView view = new DepthView(stream(StreamKind.DEPTH, Map.of("width", 640, "height", 480L,
                "metersPerUnit", "0.00025", "fx", 600.5, "fy", 601, "cx", 320, "cy", 240)));
        String described = String.valueOf(view.getElement().getPropertyRaw("stream"));
        assertThat(described).contains("\"width\":640", "\"height\":480", "\"metersPerUnit\":2.5E-4",
                "\"fx\":600.5", "\"fy\":601.0", "\"cx\":320.0");
        // Without a scale the usual millimetres are assumed.
        String fallback = String.valueOf(new DepthView(stream(StreamKind.DEPTH, Map.of())).getElement()
                .getPropertyRaw("stream"));
        assertThat(fallback).contains("\"metersPerUnit\":0.001", "\"width\":0");
    }

    @Test
    void aCloudViewOfADepthStreamGetsItAsDepthToUnproject() {
        CloudView view = new CloudView(stream(StreamKind.DEPTH, Map.of("width", 64, "fx", 50.0)));
        assertThat(view.getElement().getPropertyRaw("stream")).isNull();
        assertThat(String.valueOf(view.getElement().getPropertyRaw("depth"))).contains("\"width\":64", "\"fx\":50.0");
    }

    @Test
    void aStreamOfAnotherKindIsRefused() {
        assertThatThrownBy(() -> new CloudView(stream(StreamKind.SIGNAL, Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("head");
        assertThatThrownBy(() -> new DepthView(stream(StreamKind.POINTCLOUD, Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("head");
    }
}
