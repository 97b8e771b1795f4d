package dev.touchstone.labeling.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.server.streams.UploadHandler;
import dev.touchstone.labeling.InvalidLabelSchemaException;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.SchemaSummary;
import dev.touchstone.labeling.SchemaVersion;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.RolesAllowed;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.stream.Collectors;

/** The organization's label schemas: start from the humanoid starter, import JSON, open one to read or edit it. */
@Route("label-schemas")
@PageTitle("Label schemas")
@Menu(order = 22, title = "Label schemas", icon = "vaadin:tags")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME})
public class LabelSchemasView extends VerticalLayout {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final LabelSchemaService schemas;
    private final Grid<SchemaSummary> grid = new Grid<>();
    private final Upload upload;

    public LabelSchemasView(LabelSchemaService schemas, CurrentOrganization current) {
        this.schemas = schemas;
        setSizeFull();
        boolean writer = LabelSchemaView.canWrite(current);

        Button starter = new Button("New from starter", click -> createFromStarter());
        starter.setId("new-schema-starter");
        starter.setTooltipText("A copy of the humanoid-manipulation schema: phases, contact events, grasp outcome, "
                + "quality verdict, description");
        upload = new Upload(uploadHandler());
        upload.setId("schema-upload");
        upload.setAcceptedFileTypes("application/json", ".json");
        upload.setMaxFileSize(LabelSchemaJson.MAX_BYTES);
        upload.setMaxFiles(1);
        upload.setUploadButton(new Button("Import JSON…"));
        upload.setDropLabel(new Span("or drop a schema file"));
        starter.setVisible(writer);
        upload.setVisible(writer);
        HorizontalLayout actions = new HorizontalLayout(starter, upload);
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);

        grid.setId("schemas-grid");
        grid.addColumn(SchemaSummary::name).setHeader("Name").setFlexGrow(2).setSortable(true);
        grid.addColumn(SchemaSummary::latestVersion).setHeader("Version").setAutoWidth(true);
        grid.addColumn(SchemaSummary::definitions).setHeader("Definitions").setAutoWidth(true);
        grid.addColumn(s -> s.latestInUse() ? "in use (edits make a new version)" : "not in use yet")
                .setHeader("State").setAutoWidth(true);
        grid.addColumn(s -> TIME.format(s.updatedAt())).setHeader("Updated").setAutoWidth(true);
        grid.addItemClickListener(click -> UI.getCurrent().navigate(LabelSchemaView.class,
                new RouteParameters("schemaId", click.getItem().schemaId().toString())));
        grid.setEmptyStateText("No label schemas yet. Start from the starter schema or import one.");
        grid.setSizeFull();

        add(new H2("Label schemas"), new Paragraph("A label schema defines what annotators mark on an episode: "
                + "phases and events on the timeline, episode-level categories, ratings, verdicts, numbers and text, "
                + "boxes on cameras and cuboids in point clouds, with classes, colours and shortcuts. A version that "
                + "is in use never changes; saving it creates the next version."), actions, grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(schemas.schemas());
    }

    private void createFromStarter() {
        LabelSchema starter = LabelSchemaJson.humanoidStarter();
        Set<String> taken = schemas.schemas().stream().map(s -> s.name().toLowerCase()).collect(Collectors.toSet());
        String name = "Humanoid manipulation";
        for (int n = 2; taken.contains(name.toLowerCase()); n++) {
            name = "Humanoid manipulation " + n;
        }
        SchemaVersion created = schemas.create(new LabelSchema(name, starter.description(), starter.definitions()));
        UI.getCurrent().navigate(LabelSchemaView.class, new RouteParameters("schemaId", created.schemaId().toString()));
    }

    private UploadHandler uploadHandler() {
        return event -> {
            UI ui = event.getUI();
            String json = new String(event.getInputStream().readNBytes(LabelSchemaJson.MAX_BYTES + 1),
                    StandardCharsets.UTF_8);
            try {
                SchemaVersion imported = schemas.importJson(json);
                ui.access(() -> {
                    Notification.show("Imported '" + imported.name() + "'", 4000, Notification.Position.BOTTOM_START)
                            .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                    upload.clearFileList(); // one file at a time, but the next import must not be refused
                    refresh();
                });
            } catch (InvalidLabelSchemaException e) {
                event.reject("Not imported");
                ui.access(() -> {
                    upload.clearFileList();
                    LabelSchemaView.showProblems(e, event.getFileName());
                });
            }
        };
    }
}
