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

    /** The media data plane, same origin (docs/formats/media-api.md). */
    static final String MEDIA_PATH = "/media/v1";

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

        EpisodePlayer player = new EpisodePlayer();
        player.setWidthFull();
        player.getStyle().set("flex", "1 1 auto").set("min-height", "0");
        // Offsets can shift a stream past the stored duration; the clock must still reach its last frame.
        long end = detail.streams().stream().mapToLong(s -> s.lastNanos() + s.offsetNanos())
                .reduce(detail.episode().durationNanos(), Math::max);
        player.setSpan(0, end);
        player.getElement().setAttribute("autofocus", true);
        String mediaBase = mediaBaseUrl();
        List<StreamInfo> cameras = detail.streams().stream().filter(s -> s.kind() == StreamKind.VIDEO)
                .sorted(Comparator.comparing(StreamInfo::name)).toList();
        cameras.forEach(camera -> player.addView(new CameraView(camera.id(), camera.name(), camera.offsetNanos(),
                mediaBase), EpisodePlayer.Region.TILE, "camera:" + camera.name(), camera.name()));
        // Signals span the whole width under the cameras: their time axis is the player's.
        List<StreamInfo> signals = detail.streams().stream().filter(s -> s.kind() == StreamKind.SIGNAL)
                .sorted(Comparator.comparing(StreamInfo::name)).toList();
        if (!signals.isEmpty()) {
            SignalView signalView = new SignalView(signals);
            signalView.setId("player-signals");
            signalView.setMediaBase(mediaBase + "/streams");
            player.addView(signalView, EpisodePlayer.Region.WIDE, "signals", "Signals");
        }
        detail.streams().stream().filter(s -> s.kind() == StreamKind.TACTILE)
                .sorted(Comparator.comparing(StreamInfo::name)).forEach(stream -> {
                    TactileView tactile = new TactileView(stream);
                    tactile.getElement().setProperty("mediaBase", mediaBase + "/streams");
                    player.addView(tactile, EpisodePlayer.Region.TILE, "tactile:" + stream.name(),
                            stream.name() + " (tactile)");
                });
        // Clouds and depth are tiles like cameras; cameras come first so they stay the default frame-step source.
        detail.streams().stream().filter(s -> s.kind() == StreamKind.POINTCLOUD)
                .sorted(Comparator.comparing(StreamInfo::name)).forEach(stream -> {
                    CloudView cloud = new CloudView(stream);
                    cloud.setMediaBase(mediaBase + "/streams");
                    player.addView(cloud, EpisodePlayer.Region.TILE, "cloud:" + stream.name(),
                            stream.name() + " (point cloud)");
                });
        detail.streams().stream().filter(s -> s.kind() == StreamKind.DEPTH)
                .sorted(Comparator.comparing(StreamInfo::name)).forEach(stream -> {
                    DepthView depth = new DepthView(stream);
                    depth.setMediaBase(mediaBase + "/streams");
                    player.addView(depth, EpisodePlayer.Region.TILE, "depth:" + stream.name(),
                            stream.name() + " (depth)");
                    if (stream.properties().get("fx") instanceof Number fx && fx.doubleValue() > 0) {
                        // With intrinsics the same depth stream can be seen as points (hidden by default).
                        CloudView points = new CloudView(stream);
                        points.setMediaBase(mediaBase + "/streams");
                        player.addView(points, EpisodePlayer.Region.TILE, "depth-points:" + stream.name(),
                                stream.name() + " (depth as points)");
                    }
                });
        LabelTracks tracks = new LabelTracks();
        tracks.setId("player-tracks");
        player.addView(tracks, EpisodePlayer.Region.TRACKS, "tracks", "Label tracks");
        PlayerLayout layout = layouts.layout();
        if (layout.equals(PlayerLayout.DEFAULT)) {
            // Until the member arranges the player, the depth-as-points duplicates stay out of the way.
            List<String> hidden = player.getChildren().map(c -> c.getElement().getAttribute("data-view"))
                    .filter(key -> key != null && key.startsWith("depth-points:")).toList();
            layout = new PlayerLayout(hidden, layout.split(), layout.columns(), layout.trackLanes());
        }
        player.setLayout(layout);
        player.addLayoutChangeListener(event -> saveLayout(event.json()));
        add(header);
        if (cameras.isEmpty()) {
            Span none = new Span("This episode has no camera streams.");
            none.setId("player-no-cameras");
            add(none);
        }
        add(player);
        setFlexGrow(1, player);
    }

    private void saveLayout(String json) {
        try {
            layouts.save(layouts.parse(json));
        } catch (IllegalArgumentException e) {
            // The browser normalises the layout before sending it; only a tampered request gets here.
            Notification.show("The layout was not saved: " + e.getMessage(), 5000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
    }

    private static String mediaBaseUrl() {
        VaadinRequest request = VaadinRequest.getCurrent();
        String contextPath = request == null ? "" : request.getContextPath();
        return (contextPath == null ? "" : contextPath) + MEDIA_PATH;
    }
}
