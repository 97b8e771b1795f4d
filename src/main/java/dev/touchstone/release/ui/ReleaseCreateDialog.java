package dev.touchstone.release.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.release.LeRobotMapping;
import dev.touchstone.release.ReleaseService;
import dev.touchstone.workflow.Project;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The "New release" dialog: a project, a version, notes, the accept-only switch, the label types and the LeRobot
 * export's observation.state and action ({@link LeRobotMapping#parse}; empty: the defaults). A
 * {@link Binder} requires a project and a version and bounds the notes; the version's format and uniqueness are the
 * service's to judge ({@link ReleaseService#create}), and its refusal shows in {@code release-create-error}.
 */
class ReleaseCreateDialog extends Dialog {

    static final int MAX_NOTES = 4000;

    /** What the fields edit. */
    static final class Draft {
        Project project;
        String version = "";
        String notes = "";
        boolean acceptOnly;
        Set<LabelType> types = EnumSet.noneOf(LabelType.class);
        String state = "";
        String action = "";
    }

    final Select<Project> project = new Select<>();
    final TextField version = new TextField("Version");
    final TextArea notes = new TextArea("Notes");
    final Checkbox acceptOnly = new Checkbox("Only episodes whose verdict is accept");
    final MultiSelectComboBox<LabelType> types = new MultiSelectComboBox<>("Label types (none chosen: all)");
    final TextArea lerobotState = new TextArea("LeRobot observation.state (empty: joint positions)");
    final TextArea lerobotAction = new TextArea("LeRobot action (empty: teleoperation command streams)");
    final Paragraph error = new Paragraph();
    final Button create = new Button("Create");

    private final Binder<Draft> binder = new Binder<>();
    private final Draft draft = new Draft();
    private final ReleaseService releases;
    private final Runnable created;

    /** @param created called after the release was created and the dialog closed (the list refreshes) */
    ReleaseCreateDialog(ReleaseService releases, List<Project> projects, Runnable created) {
        this.releases = releases;
        this.created = created;
        setHeaderTitle("New release");
        project.setLabel("Project");
        project.setId("release-project");
        project.setItems(projects);
        project.setItemLabelGenerator(p -> p.name() + " (" + p.completeTasks() + " of " + p.tasks() + " complete)");
        version.setId("release-version");
        version.setPlaceholder("1.0.0");
        notes.setId("release-notes");
        notes.setMaxLength(MAX_NOTES);
        acceptOnly.setId("release-accept-only");
        types.setId("release-types");
        types.setItems(Arrays.asList(LabelType.values()));
        types.setItemLabelGenerator(LabelType::jsonName);
        binder.forField(project).asRequired("Choose a project").bind(d -> d.project, (d, v) -> d.project = v);
        binder.forField(version).asRequired("Enter a version, e.g. 3 or 1.0.0")
                .bind(d -> d.version, (d, v) -> d.version = v);
        binder.forField(notes).withValidator(v -> v.strip().length() <= MAX_NOTES,
                        "Release notes are at most " + MAX_NOTES + " characters")
                .bind(d -> d.notes, (d, v) -> d.notes = v);
        binder.forField(acceptOnly).bind(d -> d.acceptOnly, (d, v) -> d.acceptOnly = v);
        binder.forField(types).bind(d -> d.types, (d, v) -> d.types = v.isEmpty() ? EnumSet.noneOf(LabelType.class)
                : EnumSet.copyOf(v));
        lerobotState.setId("release-lerobot-state");
        lerobotAction.setId("release-lerobot-action");
        String oneStreamPerLine = "One stream per line; 'stream: channel, channel' for some of its channels";
        lerobotState.setHelperText(oneStreamPerLine);
        lerobotAction.setHelperText(oneStreamPerLine);
        binder.forField(lerobotState).bind(d -> d.state, (d, v) -> d.state = v);
        binder.forField(lerobotAction).bind(d -> d.action, (d, v) -> d.action = v);
        binder.readBean(draft);

        error.setId("release-create-error");
        error.addClassName(LumoUtility.TextColor.ERROR);
        create.setId("release-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(click -> create());
        // Full width in a dialog wide enough for the longest label ("Label types (none chosen: all)") and for a
        // project's name with its counts, which the fields' default width cut off.
        setWidth("32em");
        project.setWidthFull();
        version.setWidthFull();
        notes.setWidthFull();
        types.setWidthFull();
        lerobotState.setWidthFull();
        lerobotAction.setWidthFull();
        add(new VerticalLayout(project, version, notes, acceptOnly, types, lerobotState, lerobotAction, error));
        getFooter().add(new Button("Cancel", e -> close()), create);
    }

    /** Creates only from a valid form: otherwise the binder has marked the fields and nothing is sent. */
    private void create() {
        error.setText("");
        if (!binder.writeBeanIfValid(draft)) {
            return;
        }
        try {
            releases.create(draft.project.id(), draft.version, draft.notes, draft.acceptOnly, draft.types,
                    LeRobotMapping.parse(draft.state, draft.action));
        } catch (IllegalArgumentException | IllegalStateException e) {
            error.setText(e.getMessage());
            return;
        }
        close();
        created.run();
    }
}
