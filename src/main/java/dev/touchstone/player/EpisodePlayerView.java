package dev.touchstone.player;

import dev.touchstone.common.RouteIds;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.player.views.CloudView;
import dev.touchstone.player.views.DepthView;
import dev.touchstone.player.views.LabelTracks;
import dev.touchstone.player.views.SignalView;
import dev.touchstone.player.views.TactileView;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.RolesAllowed;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** An imported episode in the player: every camera in a grid on the episode's clock. */
@Route("episodes/:episodeId/play")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME})
public class EpisodePlayerView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private final DatasetService datasets;
    private final PlayerLayoutService layouts;
    private String title = "Player";

    public EpisodePlayerView(DatasetService datasets, PlayerLayoutService layouts) {
        this.datasets = datasets;
        this.layouts = layouts;
        setSizeFull();
        setPadding(false);
        setSpacing(false);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<EpisodeDetail> found = RouteIds.uuid(event, "episodeId")
                .flatMap(datasets::episode);
        if (found.isEmpty()) {
            event.rerouteToError(NotFoundException.class, "No such episode");
            return;
        }
        build(found.get());
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    private void build(EpisodeDetail detail) {
        removeAll();
        title = detail.episode().name() + " · Player";
        Anchor back = new Anchor("episodes/" + detail.episode().id(), "← " + detail.episode().name());
        back.setId("player-episode-link");
        back.getElement().setAttribute("router-link", true);
        H2 heading = new H2(detail.episode().name());
        heading.setId("player-title");
        heading.getStyle().set("margin", "0").set("font-size", "var(--lumo-font-size-l)");
        HorizontalLayout header = new HorizontalLayout(back, heading);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        header.setPadding(true);
        header.setWidthFull();

        EpisodePlayer player = EpisodePlayers.build(detail, layouts);
        player.setWidthFull();
        player.getStyle().set("flex", "1 1 auto").set("min-height", "0");
        player.getElement().setAttribute("autofocus", true);
        add(header);
        if (!EpisodePlayers.hasCameras(detail)) {
            Span none = new Span("This episode has no camera streams.");
            none.setId("player-no-cameras");
            add(none);
        }
        add(player);
        setFlexGrow(1, player);
    }
}
