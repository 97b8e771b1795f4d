package dev.touchstone.player.ui;

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
import com.vaadin.flow.theme.lumo.LumoUtility;
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
import dev.touchstone.player.AcceptedLabelSource;
import dev.touchstone.player.EpisodePlayer;
import dev.touchstone.player.EpisodePlayers;
import dev.touchstone.player.PlayerLayoutService;
import jakarta.annotation.security.RolesAllowed;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Optional;

/** An imported episode in the player: every camera in a grid on the episode's clock. */
@Route("episodes/:episodeId/play")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME})
public class EpisodePlayerView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private final DatasetService datasets;
    private final PlayerLayoutService layouts;
    private final List<AcceptedLabelSource> acceptedLabels;
    private String title = "Player";

    public EpisodePlayerView(DatasetService datasets, PlayerLayoutService layouts,
                             List<AcceptedLabelSource> acceptedLabels) {
        this.datasets = datasets;
        this.layouts = layouts;
        this.acceptedLabels = acceptedLabels;
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
        heading.addClassNames(LumoUtility.Margin.NONE, LumoUtility.FontSize.LARGE);
        HorizontalLayout header = new HorizontalLayout(back, heading);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        header.setPadding(true);
        header.setWidthFull();

        EpisodePlayer player = EpisodePlayers.build(detail, layouts);
        player.setWidthFull();
        player.addClassNames(LumoUtility.Flex.AUTO, LumoUtility.MinHeight.NONE);
        player.getElement().setAttribute("autofocus", true);
        add(header);
        List<AcceptedLabelSource.Accepted> accepted = acceptedLabels.stream()
                .flatMap(source -> source.accepted(detail.episode().id()).stream()).toList();
        add(acceptedSummary(accepted));
        player.getChildren().filter(LabelTracks.class::isInstance).map(LabelTracks.class::cast).findFirst()
                .ifPresent(tracks -> tracks.setTracks(accepted.stream().flatMap(a -> a.tracks().stream()).toList()));
        if (!EpisodePlayers.hasCameras(detail)) {
            Span none = new Span("This episode has no camera streams.");
            none.setId("player-no-cameras");
            add(none);
        }
        add(player);
        setFlexGrow(1, player);
    }

    /** Whose the lanes are: each project's accepted labels, by whom and when (read-only here). */
    private static Span acceptedSummary(List<AcceptedLabelSource.Accepted> accepted) {
        Span summary = new Span();
        summary.setId("player-accepted");
        summary.addClassNames(LumoUtility.Padding.Horizontal.MEDIUM, LumoUtility.Padding.Bottom.XSMALL,
                LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        if (accepted.isEmpty()) {
            summary.setText("No accepted labels for this episode yet.");
            return summary;
        }
        DateTimeFormatter day = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)
                .withZone(ZoneId.systemDefault());
        summary.setText("Accepted labels (read-only): " + accepted.stream()
                .map(a -> a.project() + " (accepted" + (a.acceptedAt() == null ? "" : " " + day.format(a.acceptedAt()))
                        + " by " + String.join(", ", a.acceptedBy()) + ")")
                .collect(Collectors.joining("; ")));
        return summary;
    }
}
