package dev.touchstone.dataset.ui;

import dev.touchstone.common.RouteIds;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.EpisodeRow;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.RolesAllowed;

import java.util.Locale;
import java.util.Optional;

/** An episode's facts and its streams: rates, durations, gaps and dropped samples, where each came from. */
@Route("episodes/:episodeId")
@PageTitle("Episode")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME})
public class EpisodeView extends VerticalLayout implements BeforeEnterObserver {

    private final DatasetService datasets;

    public EpisodeView(DatasetService datasets) {
        this.datasets = datasets;
        setSizeFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<EpisodeDetail> found = RouteIds.uuid(event, "episodeId")
                .flatMap(datasets::episode);
        if (found.isEmpty()) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "No such episode");
            return;
        }
        build(found.get());
    }

    private void build(EpisodeDetail detail) {
        removeAll();
        EpisodeRow episode = detail.episode();
        RouterLink back = new RouterLink(detail.datasetName(), DatasetView.class,
                new RouteParameters("datasetId", episode.datasetId().toString()));
        back.setId("episode-dataset-link");
        H2 title = new H2(episode.name());
        title.setId("episode-title");
        // By path, not by class: the player module depends on this one, never the other way round.
        Anchor openPlayer = new Anchor(
                "episodes/" + episode.id() + "/play", "Open in player");
        openPlayer.setId("open-player");
        openPlayer.getElement().setAttribute("router-link", true);
        Anchor openWorkspace = new Anchor(
                "episodes/" + episode.id() + "/label", "Label this episode");
        openWorkspace.setId("open-workspace");
        openWorkspace.getElement().setAttribute("router-link", true);
        Div facts = new Div();
        facts.setId("episode-facts");
        facts.addClassName("episode-facts");
        fact(facts, "Duration", Durations.format(episode.durationNanos()));
        fact(facts, "Robot", episode.robot());
        fact(facts, "Task", episode.task());
        fact(facts, "Operator", episode.operator());
        fact(facts, "Source", episode.sourceFile() + " (" + episode.sourceFormat() + ")");
        if (episode.recordedAt() != null) {
            fact(facts, "Recorded", episode.recordedAt().toString());
        }
        detail.metadata().forEach((key, value) -> fact(facts, key, value));

        Grid<StreamInfo> streams = new Grid<>();
        streams.setId("streams-grid");
        streams.addColumn(StreamInfo::name).setHeader("Stream").setAutoWidth(true).setFlexGrow(1);
        streams.addColumn(s -> s.kind().name().toLowerCase(Locale.ROOT)).setHeader("Kind").setAutoWidth(true);
        streams.addColumn(StreamInfo::sampleCount).setHeader("Samples").setAutoWidth(true);
        streams.addColumn(s -> Durations.rate(s.rateHz())).setHeader("Rate").setAutoWidth(true);
        streams.addColumn(s -> Durations.format(s.firstNanos()) + " – " + Durations.format(s.lastNanos()))
                .setHeader("Span").setAutoWidth(true);
        streams.addColumn(StreamInfo::gapCount).setHeader("Gaps").setAutoWidth(true);
        streams.addColumn(StreamInfo::droppedCount).setHeader("Dropped").setAutoWidth(true);
        streams.addColumn(s -> Durations.interval(s.maxIntervalNanos())).setHeader("Longest gap").setAutoWidth(true);
        streams.addColumn(s -> s.offsetNanos() == 0 ? "0" : String.format(Locale.ROOT, "%+.3f ms",
                s.offsetNanos() / 1e6)).setHeader("Offset").setAutoWidth(true);
        streams.addColumn(StreamInfo::channels).setHeader("Channels")
                .setRenderer(new com.vaadin.flow.data.renderer.TextRenderer<>(s -> describe(s)))
                .setWidth("24em").setFlexGrow(2);
        streams.addColumn(s -> s.sourceFile() + (s.sourceDetail().isEmpty() ? "" : " · " + s.sourceDetail()))
                .setHeader("From").setWidth("14em").setFlexGrow(1);
        streams.addColumn(s -> Durations.bytes(s.byteSize())).setHeader("Stored").setAutoWidth(true);
        streams.setItems(detail.streams());
        streams.setAllRowsVisible(true);
        streams.addThemeVariants(com.vaadin.flow.component.grid.GridVariant.LUMO_WRAP_CELL_CONTENT);

        add(back, title, new HorizontalLayout(openPlayer, openWorkspace), facts, new H3("Streams"), streams);
        if (!detail.notes().isEmpty()) {
            UnorderedList notes = new UnorderedList();
            notes.setId("episode-notes");
            detail.notes().forEach(note -> notes.add(new ListItem(note)));
            add(new H3("Import notes"), notes);
        }
        if (detail.groundTruth() != null) {
            Pre truth = new Pre(detail.groundTruth());
            truth.setId("episode-ground-truth");
            truth.addClassName("ground-truth");
            add(new H3("Ground truth (generator)"), truth);
        }
    }

    private static String describe(StreamInfo stream) {
        if (!stream.channels().isEmpty()) {
            int shown = Math.min(6, stream.channels().size());
            String names = String.join(", ", stream.channels().subList(0, shown).stream()
                    .map(c -> c.unit().isEmpty() ? c.name() : c.name() + " [" + c.unit() + "]").toList());
            return stream.channels().size() + " channels: " + names
                    + (stream.channels().size() > shown ? ", …" : "");
        }
        Object width = stream.properties().get("width");
        Object height = stream.properties().get("height");
        Object codec = stream.properties().get("codec");
        StringBuilder text = new StringBuilder();
        if (codec != null) {
            text.append(codec).append(' ');
        }
        if (width != null && height != null) {
            text.append(width).append('×').append(height);
        }
        Object points = stream.properties().get("maxPoints");
        if (points != null) {
            text.append("up to ").append(points).append(" points");
        }
        return text.toString().trim();
    }

    private static void fact(Div facts, String name, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        Span label = new Span(name);
        label.addClassName(LumoUtility.TextColor.SECONDARY);
        facts.add(label, new Span(value));
    }
}
