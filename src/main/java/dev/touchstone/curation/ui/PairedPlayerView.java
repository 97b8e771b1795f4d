package dev.touchstone.curation.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
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
import dev.touchstone.common.RouteIds;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.organization.Role;
import dev.touchstone.player.CameraView;
import dev.touchstone.player.EpisodePlayer;
import dev.touchstone.player.PlayerLayout;
import dev.touchstone.player.views.SignalView;
import jakarta.annotation.security.RolesAllowed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Two episodes on one clock (docs/player.md, "Paired player"): the clock is the first episode's time and the second
 * is shown at clock time + offset. Cameras side by side (the first's left, the second's right), each episode's
 * signals, one joint channel of both overlaid with their difference, and a table of phase durations and event times
 * with their differences (first minus second). Media goes from the browser to the media endpoints; only ids, names,
 * offsets and event times pass through here.
 */
@Route("episodes/:first/compare/:second")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME})
public class PairedPlayerView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    /** The media data plane, same origin (docs/formats/media-api.md). */
    private static final String MEDIA_PATH = "/media/v1";
    private static final String PLAYER_ID = "player";

    /** One row of the timing table; times in ns, null where an episode has no such phase or event. */
    public record TimingRow(String what, String name, Long first, Long second, boolean isEvent) {
    }

    private final DatasetService datasets;
    private final PairedPlayerTimings timings;
    private String title = "Paired player";
    private final Grid<TimingRow> table = new Grid<>();
    private long offsetNanos;

    public PairedPlayerView(DatasetService datasets, PairedPlayerTimings timings) {
        this.datasets = datasets;
        this.timings = timings;
        setPadding(false);
        setSpacing(false);
        setWidthFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<EpisodeDetail> first = RouteIds.uuid(event, "first").flatMap(datasets::episode);
        Optional<EpisodeDetail> second = RouteIds.uuid(event, "second").flatMap(datasets::episode);
        if (first.isEmpty() || second.isEmpty()) {
            event.rerouteToError(NotFoundException.class, "No such episode");
            return;
        }
        Optional<String> raw = event.getLocation().getQueryParameters().getSingleParameter("offset");
        String problem = null;
        long offset = 0;
        if (raw.isPresent()) {
            try {
                offset = Long.parseLong(raw.get().trim());
            } catch (NumberFormatException e) {
                problem = "The offset in the address (\"" + raw.get() + "\") is not a whole number of nanoseconds;"
                        + " the episodes start aligned at 0 ms.";
            }
        }
        build(first.get(), second.get(), offset, problem);
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    /** The offset the page shows now (ns): the address's, or the last one the person set. */
    protected long currentOffset() {
        return offsetNanos;
    }

    protected DatasetService datasets() {
        return datasets;
    }

    protected void build(EpisodeDetail first, EpisodeDetail second, long offset, String problem) {
        removeAll();
        offsetNanos = offset;
        String firstName = first.episode().name();
        String secondName = second.episode().name();
        title = firstName + " vs " + secondName + " · Paired player";

        H2 heading = new H2("Paired player");
        heading.setId("pair-title");
        heading.addClassNames(LumoUtility.Margin.NONE, LumoUtility.FontSize.LARGE);
        Anchor firstLink = episodeLink("pair-first-link", "First: " + firstName, first.episode().id());
        Anchor secondLink = episodeLink("pair-second-link", "Second: " + secondName, second.episode().id());
        HorizontalLayout header = new HorizontalLayout(heading, firstLink, secondLink);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        header.setPadding(true);
        header.setWidthFull();
        add(header);
        if (problem != null) {
            Span invalid = new Span(problem);
            invalid.setId("pair-offset-invalid");
            invalid.addClassNames(LumoUtility.TextColor.ERROR, LumoUtility.Padding.Horizontal.MEDIUM);
            add(invalid);
        }

        PairedPlayerTimings.Timings firstTimings = timings.of(first);
        PairedPlayerTimings.Timings secondTimings = timings.of(second);
        long firstEnd = end(first);
        long secondEnd = end(second);
        PairedPlayerOffset control = new PairedPlayerOffset(PLAYER_ID, offset, firstEnd, secondEnd,
                new PairedPlayerOffset.Events(events(firstTimings), events(secondTimings)));
        control.addClassNames(LumoUtility.Padding.Horizontal.MEDIUM, LumoUtility.Padding.Bottom.SMALL);
        control.addOffsetListener(e -> {
            if (Double.isFinite(e.offsetNanos()) && Math.abs(e.offsetNanos()) < 1e15) {
                offsetNanos = Math.round(e.offsetNanos());
                table.getDataProvider().refreshAll();
            }
        });
        add(control);

        EpisodePlayer player = player(first, second, firstName, secondName, Math.max(firstEnd, secondEnd - offset));
        player.setWidthFull();
        player.setHeight("78vh");
        player.getElement().setAttribute("autofocus", true);
        add(player);
        add(timingSection(firstName, secondName, firstTimings, secondTimings));
    }

    private static Anchor episodeLink(String id, String text, UUID episode) {
        Anchor link = new Anchor("episodes/" + episode, text);
        link.setId(id);
        link.getElement().setAttribute("router-link", true);
        return link;
    }

    /**
     * Cameras alternate first, second, first, second in two columns, so each row is one camera of both episodes side
     * by side (a camera only one episode has sits beside an empty cell's neighbour: order by name keeps pairs
     * together). The second episode's views carry {@code data-pair-side="second"} and their own offsets, which the
     * offset control moves.
     */
    private EpisodePlayer player(EpisodeDetail first, EpisodeDetail second, String firstName, String secondName,
                                 long end) {
        EpisodePlayer player = new EpisodePlayer();
        player.setId(PLAYER_ID);
        player.setSpan(0, end);
        String media = mediaBaseUrl();
        Map<String, StreamInfo[]> cameras = new LinkedHashMap<>();
        cameras(first).forEach(c -> cameras.computeIfAbsent(c.name(), k -> new StreamInfo[2])[0] = c);
        cameras(second).forEach(c -> cameras.computeIfAbsent(c.name(), k -> new StreamInfo[2])[1] = c);
        int tiles = 0;
        for (StreamInfo[] pair : cameras.values()) {
            if (pair[0] != null) {
                player.addView(camera(pair[0], firstName, media, false), EpisodePlayer.Region.TILE,
                        "camera:" + pair[0].name(), firstName + " · " + pair[0].name());
                tiles++;
            }
            if (pair[1] != null) {
                player.addView(camera(pair[1], secondName, media, true), EpisodePlayer.Region.TILE,
                        "second-camera:" + pair[1].name(), secondName + " · " + pair[1].name());
                tiles++;
            }
        }
        List<PairedPlayerSignals.Stream> common = PairedPlayerSignals.common(first, second);
        if (!common.isEmpty()) {
            PairedPlayerSignals overlay = new PairedPlayerSignals(common, firstName, secondName, media + "/streams");
            player.addView(overlay, EpisodePlayer.Region.WIDE, "paired-signals", "Both episodes: one channel");
        }
        signals(player, first, firstName, media, "player-signals-first", "signals", false);
        signals(player, second, secondName, media, "player-signals-second", "second-signals", true);
        // The wide region holds three views (the overlay and each episode's signals): it gets a little over half.
        player.setLayout(new PlayerLayout(List.of(), 0.45, tiles > 1 ? 2 : 0, 1));
        return player;
    }

    private static CameraView camera(StreamInfo camera, String episodeName, String media, boolean second) {
        CameraView view = new CameraView(camera.id(), episodeName + " · " + camera.name(), camera.offsetNanos(),
                media);
        if (second) {
            view.getElement().setAttribute("data-pair-side", "second");
            view.getElement().setAttribute("data-base-offset", Long.toString(camera.offsetNanos()));
        }
        return view;
    }

    private static void signals(EpisodePlayer player, EpisodeDetail detail, String episodeName, String media,
                                String id, String key, boolean second) {
        List<StreamInfo> streams = detail.streams().stream().filter(s -> s.kind() == StreamKind.SIGNAL)
                .sorted(Comparator.comparing(StreamInfo::name)).toList();
        if (streams.isEmpty()) {
            return;
        }
        SignalView view = new SignalView(streams);
        view.setId(id);
        view.setMediaBase(media + "/streams");
        if (second) {
            view.getElement().setAttribute("data-pair-side", "second");
        }
        player.addView(view, EpisodePlayer.Region.WIDE, key, "Signals of " + episodeName);
    }

    private com.vaadin.flow.component.Component timingSection(String firstName, String secondName,
                                                              PairedPlayerTimings.Timings a,
                                                              PairedPlayerTimings.Timings b) {
        VerticalLayout section = new VerticalLayout();
        section.setId("pair-timings");
        section.setWidthFull();
        H3 heading = new H3("Phase durations and event times");
        heading.addClassNames(LumoUtility.Margin.NONE, LumoUtility.FontSize.MEDIUM);
        Paragraph sources = new Paragraph(firstName + ": " + describe(a) + ". " + secondName + ": " + describe(b)
                + ". Differences are first minus second, in ms; \"once aligned\" compares the event times on the"
                + " clock (the second's time minus the offset).");
        sources.setId("pair-timing-sources");
        sources.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.NONE);
        section.add(heading, sources);

        table.setId("pair-timing-table");
        table.setAllRowsVisible(true);
        table.addColumn(TimingRow::what).setHeader("").setAutoWidth(true).setFlexGrow(0);
        table.addColumn(TimingRow::name).setHeader("Phase or event").setAutoWidth(true);
        table.addColumn(r -> seconds(r.first())).setHeader(firstName + " (s)").setAutoWidth(true);
        table.addColumn(r -> seconds(r.second())).setHeader(secondName + " (s)").setAutoWidth(true);
        table.addColumn(r -> r.first() == null || r.second() == null ? "–" : millis(r.first() - r.second()))
                .setHeader("Difference (ms)").setAutoWidth(true);
        table.addColumn(r -> !r.isEvent() || r.first() == null || r.second() == null ? ""
                        : millis(r.first() - (r.second() - offsetNanos)))
                .setHeader("Once aligned (ms)").setAutoWidth(true);
        table.setItems(rows(a, b));
        section.add(table);
        return section;
    }

    /** Phases (duration: the summed length of that phase's spans) then events (first occurrence). */
    static List<TimingRow> rows(PairedPlayerTimings.Timings a, PairedPlayerTimings.Timings b) {
        List<TimingRow> rows = new ArrayList<>();
        Map<String, PairedPlayerTimings.Phase> phasesB = new LinkedHashMap<>();
        b.phases().forEach(p -> phasesB.put(p.key(), p));
        for (PairedPlayerTimings.Phase p : a.phases()) {
            PairedPlayerTimings.Phase q = phasesB.remove(p.key());
            rows.add(new TimingRow("Phase duration", p.label(), p.totalNanos(), q == null ? null : q.totalNanos(),
                    false));
        }
        phasesB.values().forEach(q -> rows.add(new TimingRow("Phase duration", q.label(), null, q.totalNanos(),
                false)));
        Map<String, PairedPlayerTimings.Event> eventsB = new LinkedHashMap<>();
        b.events().forEach(e -> eventsB.put(e.key(), e));
        for (PairedPlayerTimings.Event e : a.events()) {
            PairedPlayerTimings.Event f = eventsB.remove(e.key());
            rows.add(new TimingRow("First event at", e.label(), e.time(), f == null ? null : f.time(), true));
        }
        eventsB.values().forEach(f -> rows.add(new TimingRow("First event at", f.label(), null, f.time(), true)));
        return rows;
    }

    private static String describe(PairedPlayerTimings.Timings t) {
        return t.note() == null ? t.source() : t.source() + ", none found: " + t.note();
    }

    private static List<PairedPlayerOffset.Event> events(PairedPlayerTimings.Timings t) {
        return t.alignable().stream().map(e -> new PairedPlayerOffset.Event(e.key(), e.label(), e.time())).toList();
    }

    private static String seconds(Long nanos) {
        return nanos == null ? "–" : String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e9);
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%+.1f", nanos / 1e6);
    }

    private static List<StreamInfo> cameras(EpisodeDetail detail) {
        return detail.streams().stream().filter(s -> s.kind() == StreamKind.VIDEO)
                .sorted(Comparator.comparing(StreamInfo::name)).toList();
    }

    /** The episode's end on its own clock: its duration, or its last frame shifted by its offset if later. */
    private static long end(EpisodeDetail detail) {
        return detail.streams().stream().mapToLong(s -> s.lastNanos() + s.offsetNanos())
                .reduce(detail.episode().durationNanos(), Math::max);
    }

    private static String mediaBaseUrl() {
        VaadinRequest request = VaadinRequest.getCurrent();
        String contextPath = request == null ? "" : request.getContextPath();
        return (contextPath == null ? "" : contextPath) + MEDIA_PATH;
    }
}
