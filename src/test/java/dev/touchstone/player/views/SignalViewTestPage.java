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
 * Test-only page: the signal and tactile views of one episode without the player, plus a signal view of a stream
 * that does not exist (its fetches fail). The browser test plays the player's part by setting time and viewRange.
 */
@Route(value = "test/signal-view/:episodeId", autoLayout = false)
@RolesAllowed(Role.PROJECT_MANAGER_NAME)
public class SignalViewTestPage extends Div implements BeforeEnterObserver {

    private final DatasetService datasets;

    public SignalViewTestPage(DatasetService datasets) {
        this.datasets = datasets;
        setWidthFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        UUID id = UUID.fromString(event.getRouteParameters().get("episodeId").orElseThrow());
        EpisodeDetail episode = datasets.episode(id).orElseThrow();
        List<StreamInfo> signals = episode.streams().stream().filter(s -> s.kind() == StreamKind.SIGNAL).toList();
        SignalView view = new SignalView(signals);
        view.setId("signals");
        view.setWidthFull();
        add(view);
        episode.streams().stream().filter(s -> s.kind() == StreamKind.TACTILE).findFirst().ifPresent(s -> {
            TactileView tactile = new TactileView(s);
            tactile.setId("tactile");
            add(tactile);
        });
        StreamInfo missing = new StreamInfo(UUID.randomUUID(), "missing stream", StreamKind.SIGNAL, 10, 0,
                1_000_000_000L, 0, 10, 100_000_000L, 100_000_000L, 0, 0,
                List.of(new StreamInfo.Channel("x", "m")), Map.of(), "none", "", 0);
        SignalView broken = new SignalView(List.of(missing));
        broken.setId("broken");
        broken.getElement().setAttribute("data-missing-stream", missing.id().toString());
        broken.setWidthFull();
        add(broken);
    }
}
