package dev.touchstone.labeling.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.common.RouteIds;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.LabelWorkspace;
import dev.touchstone.labeling.SchemaSummary;
import dev.touchstone.labeling.SchemaVersion;
import dev.touchstone.organization.Role;
import dev.touchstone.player.EpisodePlayers;
import dev.touchstone.player.PlayerLayoutService;
import jakarta.annotation.security.RolesAllowed;
import tools.jackson.databind.json.JsonMapper;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The workspace opened directly on an episode ({@code episodes/:episodeId/label?schema=<version id>}): project
 * managers try a schema on real data before queues exist. It opens the member's own draft under that schema
 * version (creating it, which puts the version in use) and restores everything saved in it.
 */
@Route("episodes/:episodeId/label")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME})
public class LabelWorkspaceView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private final DatasetService datasets;
    private final LabelSchemaService schemas;
    private final DraftService drafts;
    private final PlayerLayoutService layouts;
    private final JsonMapper json;
    private String title = "Label";

    public LabelWorkspaceView(DatasetService datasets, LabelSchemaService schemas, DraftService drafts,
                              PlayerLayoutService layouts, JsonMapper json) {
        this.datasets = datasets;
        this.schemas = schemas;
        this.drafts = drafts;
        this.layouts = layouts;
        this.json = json;
        setSizeFull();
        setPadding(false);
        setSpacing(false);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<EpisodeDetail> episode = RouteIds.uuid(event, "episodeId").flatMap(datasets::episode);
        if (episode.isEmpty()) {
            event.rerouteToError(NotFoundException.class, "No such episode");
            return;
        }
        List<SchemaSummary> all = schemas.schemas().stream()
                .sorted(Comparator.comparing(SchemaSummary::name, String.CASE_INSENSITIVE_ORDER)).toList();
        Optional<SchemaVersion> version = event.getLocation().getQueryParameters().getSingleParameter("schema")
                .flatMap(LabelWorkspaceView::uuid).flatMap(schemas::version)
                .or(() -> all.stream().findFirst().flatMap(s -> schemas.version(s.latestVersionId())));
        removeAll();
        title = episode.get().episode().name() + " · Label";
        add(header(episode.get(), all, version.orElse(null)));
        if (version.isEmpty()) {
            Paragraph none = new Paragraph("There is no label schema in this organization yet. ");
            none.add(new Anchor("label-schemas", "Create one from the starter schema"));
            none.setId("workspace-no-schema");
            add(none);
            return;
        }
        build(episode.get(), version.get());
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    private HorizontalLayout header(EpisodeDetail detail, List<SchemaSummary> all, SchemaVersion current) {
        UUID episodeId = detail.episode().id();
        Anchor back = new Anchor("episodes/" + episodeId, "← " + detail.episode().name());
        back.setId("workspace-episode-link");
        back.getElement().setAttribute("router-link", true);
        H2 heading = new H2("Label " + detail.episode().name());
        heading.setId("workspace-title");
        heading.addClassNames(LumoUtility.Margin.NONE, LumoUtility.FontSize.LARGE);
        HorizontalLayout header = new HorizontalLayout(back, heading);
        if (current != null) {
            // Older versions of a schema stay reachable by URL; the picker offers each schema's newest version.
            Map<UUID, String> names = new LinkedHashMap<>();
            all.forEach(s -> names.put(s.latestVersionId(), s.name() + " · v" + s.latestVersion()));
            names.putIfAbsent(current.id(), current.name() + " · v" + current.version());
            Select<UUID> schema = new Select<>();
            schema.setId("workspace-schema");
            schema.setAriaLabel("Label schema");
            schema.setItems(names.keySet());
            schema.setItemLabelGenerator(names::get);
            schema.setValue(current.id());
            schema.addValueChangeListener(e -> {
                if (e.isFromClient() && e.getValue() != null) {
                    getUI().ifPresent(ui -> ui.navigate("episodes/" + episodeId + "/label",
                            QueryParameters.of("schema", e.getValue().toString())));
                }
            });
            header.add(schema);
        }
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        header.setPadding(true);
        header.setWidthFull();
        return header;
    }

    private void build(EpisodeDetail detail, SchemaVersion version) {
        Draft draft = drafts.openDirect(detail.episode().id(), version.id());
        LabelWorkspace workspace = LabelWorkspace.around(EpisodePlayers.build(detail, layouts), json, version.schema(),
                draft);
        add(workspace);
        setFlexGrow(1, workspace);
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
