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
import jakarta.annotation.security.RolesAllowed;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Test-only page: the point-cloud and depth views of one episode without the player, plus a point-cloud view of a
 * stream that does not exist (its fetches fail). The browser test plays the player's part by setting time.
 */
@Route(value = "test/cloud-view/:episodeId", autoLayout = false)
@RolesAllowed(Role.PROJECT_MANAGER_NAME)
public class CloudViewTestPage extends Div implements BeforeEnterObserver {

    private final DatasetService datasets;

    public CloudViewTestPage(DatasetService datasets) {
        this.datasets = datasets;
        setWidthFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        UUID id = UUID.fromString(event.getRouteParameters().get("episodeId").orElseThrow());
        EpisodeDetail episode = datasets.episode(id).orElseThrow();
        episode.streams().stream().filter(s -> s.kind() == StreamKind.POINTCLOUD).findFirst().ifPresent(s -> {
            CloudView cloud = new CloudView(s);
            cloud.setId("cloud");
            cloud.setWidth("800px");
            cloud.setHeight("450px");
            add(cloud);
        });
        episode.streams().stream().filter(s -> s.kind() == StreamKind.DEPTH).findFirst().ifPresent(s -> {
            DepthView depth = new DepthView(s);
            depth.setId("depth");
            depth.setWidth("320px");
            add(depth);
            CloudView unprojected = new CloudView(s);
            unprojected.setId("depth-cloud");
            unprojected.setWidth("400px");
            unprojected.setHeight("240px");
            add(unprojected);
        });
        StreamInfo missing = new StreamInfo(UUID.randomUUID(), "missing lidar", StreamKind.POINTCLOUD, 10, 0,
                1_000_000_000L, 0, 10, 100_000_000L, 100_000_000L, 0, 0, List.of(), Map.of(), "none", "", 0);
        CloudView broken = new CloudView(missing);
        broken.setId("broken");
        broken.getElement().setAttribute("data-missing-stream", missing.id().toString());
        broken.setWidth("400px");
        broken.setHeight("200px");
        add(broken);
    }
}
