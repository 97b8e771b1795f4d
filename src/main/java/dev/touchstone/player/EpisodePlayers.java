package dev.touchstone.player;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.server.VaadinRequest;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.player.views.CloudView;
import dev.touchstone.player.views.DepthView;
import dev.touchstone.player.views.LabelTracks;
import dev.touchstone.player.views.SignalView;
import dev.touchstone.player.views.TactileView;

import java.util.Comparator;
import java.util.List;

/**
 * Builds the player for an episode with every view its streams allow, so the player page and the labeling
 * workspace show an episode the same way. Views are added in a fixed order: cameras first (they stay the default
 * frame-step source), then signals, tactile, clouds, depth, and the label tracks.
 */
public final class EpisodePlayers {

    /** The media data plane, same origin (docs/formats/media-api.md). */
    static final String MEDIA_PATH = "/media/v1";

    /** The id of the label-track view inside a built player. */
    public static final String TRACKS_ID = "player-tracks";

    private EpisodePlayers() {
    }

    /**
     * A player with every view of the episode, laid out as the member left it (or the default layout); changes the
     * member makes to the layout are saved.
     */
    public static EpisodePlayer build(EpisodeDetail detail, PlayerLayoutService layouts) {
        return build(detail, layouts, true);
    }

    /**
     * As {@link #build(EpisodeDetail, PlayerLayoutService)}; with {@code remember} false the member's changes to the
     * layout are not saved, for a screen that arranges the player for its own purpose (the review), so that its
     * arrangement never becomes the member's layout everywhere else.
     */
    public static EpisodePlayer build(EpisodeDetail detail, PlayerLayoutService layouts, boolean remember) {
        EpisodePlayer player = new EpisodePlayer();
        // Offsets can shift a stream past the stored duration; the clock must still reach its last frame.
        long end = detail.streams().stream().mapToLong(s -> s.lastNanos() + s.offsetNanos())
                .reduce(detail.episode().durationNanos(), Math::max);
        player.setSpan(0, end);
        String mediaBase = mediaBaseUrl();
        cameras(detail).forEach(camera -> player.addView(new CameraView(camera.id(), camera.name(),
                camera.offsetNanos(), mediaBase), EpisodePlayer.Region.TILE, "camera:" + camera.name(), camera.name()));
        // Signals span the whole width under the cameras: their time axis is the player's.
        List<StreamInfo> signals = streams(detail, StreamKind.SIGNAL);
        if (!signals.isEmpty()) {
            SignalView signalView = new SignalView(signals);
            signalView.setId("player-signals");
            signalView.setMediaBase(mediaBase + "/streams");
            player.addView(signalView, EpisodePlayer.Region.WIDE, "signals", "Signals");
        }
        streams(detail, StreamKind.TACTILE).forEach(stream -> {
            TactileView tactile = new TactileView(stream);
            tactile.getElement().setProperty("mediaBase", mediaBase + "/streams");
            player.addView(tactile, EpisodePlayer.Region.TILE, "tactile:" + stream.name(),
                    stream.name() + " (tactile)");
        });
        streams(detail, StreamKind.POINTCLOUD).forEach(stream -> {
            CloudView cloud = new CloudView(stream);
            cloud.setMediaBase(mediaBase + "/streams");
            player.addView(cloud, EpisodePlayer.Region.TILE, "cloud:" + stream.name(),
                    stream.name() + " (point cloud)");
        });
        streams(detail, StreamKind.DEPTH).forEach(stream -> {
            DepthView depth = new DepthView(stream);
            depth.setMediaBase(mediaBase + "/streams");
            player.addView(depth, EpisodePlayer.Region.TILE, "depth:" + stream.name(), stream.name() + " (depth)");
            if (stream.properties().get("fx") instanceof Number fx && fx.doubleValue() > 0) {
                // With intrinsics the same depth stream can be seen as points (hidden by default).
                CloudView points = new CloudView(stream);
                points.setMediaBase(mediaBase + "/streams");
                player.addView(points, EpisodePlayer.Region.TILE, "depth-points:" + stream.name(),
                        stream.name() + " (depth as points)");
            }
        });
        LabelTracks tracks = new LabelTracks();
        tracks.setId(TRACKS_ID);
        player.addView(tracks, EpisodePlayer.Region.TRACKS, "tracks", "Label tracks");
        PlayerLayout layout = layouts.layout();
        if (layout.equals(PlayerLayout.DEFAULT)) {
            // Until the member arranges the player, the depth-as-points duplicates stay out of the way.
            List<String> hidden = player.getChildren().map(c -> c.getElement().getAttribute("data-view"))
                    .filter(key -> key != null && key.startsWith("depth-points:")).toList();
            layout = new PlayerLayout(hidden, layout.split(), layout.columns(), layout.trackLanes());
        }
        player.setLayout(layout);
        if (remember) {
            player.addLayoutChangeListener(event -> saveLayout(layouts, event.json()));
        }
        return player;
    }

    public static boolean hasCameras(EpisodeDetail detail) {
        return !cameras(detail).isEmpty();
    }

    private static List<StreamInfo> cameras(EpisodeDetail detail) {
        return streams(detail, StreamKind.VIDEO);
    }

    private static List<StreamInfo> streams(EpisodeDetail detail, StreamKind kind) {
        return detail.streams().stream().filter(s -> s.kind() == kind)
                .sorted(Comparator.comparing(StreamInfo::name)).toList();
    }

    private static void saveLayout(PlayerLayoutService layouts, String json) {
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
