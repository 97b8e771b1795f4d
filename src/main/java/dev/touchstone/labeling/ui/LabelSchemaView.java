package dev.touchstone.labeling.ui;

import dev.touchstone.common.DataColour;
import dev.touchstone.common.RouteIds;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.labeling.InvalidLabelSchemaException;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.SchemaVersion;
import dev.touchstone.labeling.StaleSchemaException;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.RolesAllowed;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One label schema: its definitions as annotators will meet them, its versions, JSON export, and (for project
 * managers) editing the JSON. A form editor per definition is not built yet.
 */
@Route("label-schemas/:schemaId")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME})
public class LabelSchemaView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private final LabelSchemaService schemas;
    private final boolean writer;
    private String title = "Label schema";

    public LabelSchemaView(LabelSchemaService schemas, CurrentOrganization current) {
        this.schemas = schemas;
        this.writer = canWrite(current);
        setWidthFull();
    }

    static boolean canWrite(CurrentOrganization current) {
        return current.requireUser().may(Ability.MANAGE);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<SchemaVersion> latest = RouteIds.uuid(event, "schemaId")
                .flatMap(schemas::latest);
        if (latest.isEmpty()) {
            event.rerouteToError(NotFoundException.class, "No such label schema");
            return;
        }
        show(latest.get());
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    private void show(SchemaVersion version) {
        removeAll();
        title = version.name() + " · Label schema";
        Anchor back = new Anchor("label-schemas", "← Label schemas");
        back.getElement().setAttribute("router-link", true);
        H2 heading = new H2(version.name());
        heading.setId("schema-name");
        Span state = new Span("Version " + version.version() + (version.inUse()
                ? " · in use: it never changes, saving creates version " + (version.version() + 1)
                : " · not in use yet: saving replaces it"));
        state.setId("schema-version");
        state.getElement().getThemeList().add(version.inUse() ? "badge contrast" : "badge");
        Anchor export = new Anchor(exportHandler(version), "Export JSON");
        export.setId("schema-export");
        HorizontalLayout header = new HorizontalLayout(heading, state, export);
        header.setAlignItems(Alignment.BASELINE);
        add(back, header);
        if (!version.schema().description().isBlank()) {
            add(new Paragraph(version.schema().description()));
        }
        Div definitions = new Div();
        definitions.setId("schema-definitions");
        version.schema().definitions().forEach(d -> definitions.add(definitionCard(d)));
        add(definitions);
        if (writer) {
            add(jsonEditor(version));
        }
        add(new H3("Versions"), versionList(version.schemaId()));
    }

    private static Component definitionCard(LabelSchema.Definition d) {
        Div card = new Div();
        card.addClassName("schema-definition");
        card.getElement().setAttribute("data-key", d.key());
        Span name = new Span(d.name());
        name.addClassName(LumoUtility.FontWeight.SEMIBOLD);
        String where = d.scope() == null ? "" : " · " + d.scope() + (d.segmentOf() == null ? "" : " of " + d.segmentOf());
        Span meta = new Span(" " + d.type().jsonName() + where + (d.required() ? " · required" : " · optional")
                + (d.shortcut() == null ? "" : " · key " + d.shortcut()));
        meta.addClassName(LumoUtility.TextColor.SECONDARY);
        card.add(name, meta);
        if (!d.classes().isEmpty()) {
            Div classes = new Div();
            for (LabelSchema.LabelClass c : d.classes()) {
                Span chip = new Span(c.name() + (c.shortcut() == null ? "" : " [" + c.shortcut() + "]"));
                chip.getElement().setAttribute("data-class", c.key());
                chip.addClassName("schema-class");
                DataColour.set(chip, c.color());
                classes.add(chip);
            }
            card.add(classes);
        }
        if (!d.help().isBlank()) {
            Paragraph help = new Paragraph(d.help());
            help.addClassName("schema-definition-help");
            card.add(help);
        }
        return card;
    }

    private Component jsonEditor(SchemaVersion version) {
        TextArea json = new TextArea("Schema as JSON");
        json.setId("schema-json");
        json.setWidthFull();
        json.setMaxHeight("28em");
        json.setValue(LabelSchemaJson.write(version.schema()));
        json.addClassName("code-text");
        Button save = new Button("Save", click -> {
            try {
                SchemaVersion saved = schemas.save(version.schemaId(), version.version(),
                        LabelSchemaJson.read(json.getValue()));
                Notification.show(saved.version() == version.version() ? "Saved version " + saved.version()
                                : "Saved as version " + saved.version() + " (version " + version.version()
                                + " is in use and stays as it was)", 5000, Notification.Position.BOTTOM_START)
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                show(saved);
            } catch (InvalidLabelSchemaException e) {
                showProblems(e, "The schema");
            } catch (StaleSchemaException e) {
                Notification.show(e.getMessage(), 8000, Notification.Position.MIDDLE)
                        .addThemeVariants(NotificationVariant.LUMO_ERROR);
            }
        });
        save.setId("schema-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button addGap = new Button("Add a gap definition", click -> {
            try {
                json.setValue(LabelSchemaJson.write(withGapDefinition(LabelSchemaJson.read(json.getValue()))));
            } catch (InvalidLabelSchemaException e) {
                showProblems(e, "The schema (fix it before adding a gap definition)");
            }
        });
        addGap.setId("schema-add-gap");
        addGap.setTooltipText("Appends a gap definition with the default failure modes (friction, deformation, "
                + "contact timing, perception, latency, calibration, other) to the JSON; edit it, then save");
        VerticalLayout editor = new VerticalLayout(new H3("Edit"), new Paragraph("Edit the definitions as JSON "
                + "(format: docs/labeling/schema.md). Every problem is listed before anything is saved."), json,
                new HorizontalLayout(save, addGap));
        editor.setPadding(false);
        return editor;
    }

    /** The schema with a gap definition of the default taxonomy appended, under a key no definition has yet. */
    static LabelSchema withGapDefinition(LabelSchema schema) {
        String key = "gap";
        for (int n = 2; schema.definition(key).isPresent(); n++) {
            key = "gap_" + n;
        }
        List<LabelSchema.Definition> definitions = new java.util.ArrayList<>(schema.definitions());
        definitions.add(LabelSchema.gapDefinition(key, "Sim-to-real gap", "Where the real episode departs from the "
                + "simulated one, and why (its failure mode); add a note on what you saw."));
        return new LabelSchema(schema.name(), schema.description(), definitions);
    }

    private Component versionList(UUID schemaId) {
        UnorderedList list = new UnorderedList();
        list.setId("schema-versions");
        for (SchemaVersion v : schemas.versions(schemaId)) {
            list.add(new ListItem("Version " + v.version() + " · " + v.schema().definitions().size()
                    + " definitions · saved " + LabelSchemasView.TIME.format(v.updatedAt())
                    + (v.inUse() ? " · in use" : "")));
        }
        return list;
    }

    private DownloadHandler exportHandler(SchemaVersion version) {
        // Captured now: the handler runs on a later request, and a version in use cannot change anyway.
        byte[] json = LabelSchemaJson.write(version.schema()).getBytes(StandardCharsets.UTF_8);
        String fileName = version.name().replaceAll("[^\\p{Alnum}._-]+", "-") + ".v" + version.version()
                + ".schema.json";
        return event -> {
            event.setFileName(fileName);
            event.setContentType("application/json");
            try (OutputStream out = event.getOutputStream()) {
                out.write(json);
            }
        };
    }

    /** Lists every problem of a schema that was not accepted, in a dialog that stays until read. */
    static void showProblems(InvalidLabelSchemaException e, String what) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(what + " was not saved");
        UnorderedList list = new UnorderedList();
        list.setId("schema-problems");
        List<String> problems = e.problems();
        problems.forEach(p -> list.add(new ListItem(p)));
        dialog.add(list);
        Button close = new Button("Close", click -> dialog.close());
        close.setId("schema-problems-close");
        dialog.getFooter().add(close);
        dialog.open();
    }
}
