package dev.touchstone.player.views;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Route;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.organization.Role;
import dev.touchstone.player.CameraView;
import jakarta.annotation.security.RolesAllowed;

import java.util.Comparator;
import java.util.UUID;

/**
 * Test-only page: the first camera (by name) and the first point cloud of an episode, side by side, inside the spatial
 * labeling harness ({@code ts-spatial-harness}), which gives both views a label store with {@link #SCHEMA_JSON}.
 * The browser test plays the player's part by setting the harness's time.
 */
@Route(value = "test/spatial-labeling/:episodeId", autoLayout = false)
@RolesAllowed(Role.PROJECT_MANAGER_NAME)
public class SpatialLabelingTestPage extends Div implements BeforeEnterObserver {

    /** One box definition (two classes) and one cuboid definition, as in a project's schema. */
    public static final String SCHEMA_JSON = """
            {"format": "touchstone-label-schema/1", "name": "spatial test", "definitions": [
              {"key": "object_box", "name": "Object box", "type": "box2d", "required": false, "classes": [
                {"key": "box", "name": "Box", "color": "#f28e2b"},
                {"key": "hand", "name": "Hand", "color": "#59a14f"}]},
              {"key": "object_pose", "name": "Object pose", "type": "cuboid3d", "required": false, "classes": [
                {"key": "box", "name": "Box", "color": "#e15759"}]}
            ]}""";

    private final DatasetService datasets;

    public SpatialLabelingTestPage(DatasetService datasets) {
        this.datasets = datasets;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        UUID id = UUID.fromString(event.getRouteParameters().get("episodeId").orElseThrow());
        EpisodeDetail episode = datasets.episode(id).orElseThrow();
        SpatialLabelingHarness harness = new SpatialLabelingHarness(SCHEMA_JSON, episode.episode().durationNanos());
        harness.setId("harness");
        harness.getStyle().set("display", "flex").set("gap", "8px").set("padding", "8px");
        episode.streams().stream().filter(s -> s.kind() == StreamKind.VIDEO)
                .min(Comparator.comparing(StreamInfo::name)).ifPresent(s -> {
            CameraView camera = new CameraView(s.id(), s.name(), s.offsetNanos(), "/media/v1");
            camera.setId("camera");
            // Wider than the 4:3 picture: the picture is pillarboxed, which the box coordinates must account for.
            camera.setWidth("560px");
            camera.setHeight("315px");
            harness.add(camera);
        });
        episode.streams().stream().filter(s -> s.kind() == StreamKind.POINTCLOUD).findFirst().ifPresent(s -> {
            CloudView cloud = new CloudView(s);
            cloud.setId("cloud");
            cloud.setWidth("560px");
            cloud.setHeight("341px");
            harness.add(cloud);
        });
        add(harness);
    }
}
