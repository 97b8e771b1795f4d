package dev.touchstone.workflow.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.labeling.SchemaSummary;
import dev.touchstone.organization.Member;
import dev.touchstone.workflow.NewProject;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The "New project" dialog: a name, a dataset, a label schema (its latest version), overlap, gold rate, lease, an
 * optional task window, priority, deadline and annotator restriction. A {@link Binder} checks the fields against the
 * ranges {@link WorkflowService#createProject} accepts; what only the service can know (a taken name, an empty
 * dataset) shows below the form.
 */
class ProjectCreateDialog extends Dialog {

    static final int MAX_NAME = 200;
    static final int MAX_OVERLAP = 50;
    static final int MAX_LEASE_MINUTES = 1440;

    /** What the fields edit, in the units they show (minutes, seconds). */
    static final class Draft {
        String name = "";
        Dataset dataset;
        SchemaSummary schema;
        Integer overlap = 3;
        Double goldRate = 0.1;
        Integer leaseMinutes = 30;
        Integer windowSeconds;
        Integer priority = 0;
        LocalDate deadline;
        Set<Member> annotators = new HashSet<>();

        /** Only called on a draft the binder accepted. */
        NewProject request() {
            Set<UUID> restriction = annotators.stream().map(Member::userId).collect(Collectors.toSet());
            return new NewProject(name, dataset.id(), schema.latestVersionId(), overlap, goldRate,
                    leaseMinutes * 60, priority == null ? 0 : priority, ProjectFormat.instant(deadline),
                    windowSeconds == null ? null : windowSeconds * 1_000_000_000L, restriction);
        }
    }

    final TextField name = new TextField("Name");
    final ComboBox<Dataset> dataset = new ComboBox<>("Dataset");
    final ComboBox<SchemaSummary> schema = new ComboBox<>("Label schema version");
    final IntegerField overlap = new IntegerField("Overlap (annotators per task)");
    final NumberField goldRate = new NumberField("Gold rate (0-1)");
    final IntegerField lease = new IntegerField("Lease (minutes)");
    final IntegerField window = new IntegerField("Window (seconds)");
    final IntegerField priority = new IntegerField("Priority");
    final DatePicker deadline = new DatePicker("Deadline");
    final MultiSelectComboBox<Member> annotators = new MultiSelectComboBox<>("Only these annotators");
    final Span error = new Span();
    final Button create = new Button("Create");

    private final Binder<Draft> binder = new Binder<>();
    private final Draft draft = new Draft();
    private final WorkflowService workflow;
    private final Consumer<Project> created;

    /** @param created called with the new project after the dialog closed (the list opens its page) */
    ProjectCreateDialog(WorkflowService workflow, List<Dataset> datasets, List<SchemaSummary> schemas,
                        List<Member> annotatorChoices, Consumer<Project> created) {
        this.workflow = workflow;
        this.created = created;
        setHeaderTitle("New project");
        setWidth("44em");
        configureFields(datasets, schemas, annotatorChoices);
        bind();
        binder.readBean(draft);

        error.setId("project-create-error");
        error.addClassName(LumoUtility.TextColor.ERROR);
        error.setVisible(false);
        create.setId("project-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setDisableOnClick(true);
        create.addClickListener(click -> create());

        FormLayout form = new FormLayout(name, dataset, schema, overlap, goldRate, lease, window, priority, deadline,
                annotators);
        form.setColspan(name, 2);
        form.setColspan(annotators, 2);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("30em", 2));
        add(new VerticalLayout(form, error));
        getFooter().add(new Button("Cancel", c -> close()), create);
        addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                name.focus();
            }
        });
    }

    private void configureFields(List<Dataset> datasets, List<SchemaSummary> schemas, List<Member> annotatorChoices) {
        name.setId("project-name");
        name.setMaxLength(MAX_NAME);
        dataset.setId("project-dataset");
        dataset.setItems(datasets);
        dataset.setItemLabelGenerator(d -> d.name() + " (" + d.episodeCount() + " episodes)");
        schema.setId("project-schema");
        schema.setItems(schemas);
        schema.setItemLabelGenerator(s -> s.name() + " · v" + s.latestVersion());
        overlap.setId("project-overlap");
        overlap.setMin(1);
        overlap.setMax(MAX_OVERLAP);
        overlap.setStepButtonsVisible(true);
        goldRate.setId("project-gold-rate");
        goldRate.setMin(0);
        goldRate.setMax(1);
        goldRate.setStep(0.01);
        lease.setId("project-lease");
        lease.setMin(1);
        lease.setMax(MAX_LEASE_MINUTES);
        window.setId("project-window");
        window.setMin(1);
        window.setHelperText("Empty: one task per episode");
        window.setClearButtonVisible(true);
        priority.setId("project-priority");
        priority.setStepButtonsVisible(true);
        deadline.setId("project-deadline");
        deadline.setClearButtonVisible(true);
        annotators.setId("project-annotators-restriction");
        annotators.setItems(annotatorChoices);
        annotators.setItemLabelGenerator(m -> m.displayName() + " <" + m.email() + ">");
        annotators.setHelperText("Empty: every annotator of the organization");
    }

    /** The ranges are the service's (WorkflowService.createProject, NewProject.MIN_WINDOW_NANOS). */
    private void bind() {
        // The fields' own min/max/step checks would answer first with an empty message and refuse values between
        // steps that the service accepts; the validators below say what is wrong in words and check the service's
        // ranges (min and max stay on the fields for their step buttons).
        binder.setDefaultValidatorsEnabled(false);
        binder.forField(name).asRequired("Enter a name")
                .withValidator(v -> !v.isBlank() && v.trim().length() <= MAX_NAME,
                        "A project needs a name of 1-" + MAX_NAME + " characters")
                .bind(d -> d.name, (d, v) -> d.name = v);
        binder.forField(dataset).asRequired("Choose a dataset").bind(d -> d.dataset, (d, v) -> d.dataset = v);
        binder.forField(schema).asRequired("Choose a label schema").bind(d -> d.schema, (d, v) -> d.schema = v);
        binder.forField(overlap).asRequired("Enter the overlap")
                .withValidator(v -> v >= 1 && v <= MAX_OVERLAP,
                        "Overlap must be between 1 and " + MAX_OVERLAP + " annotators per task")
                .bind(d -> d.overlap, (d, v) -> d.overlap = v);
        binder.forField(goldRate).asRequired("Enter the gold rate")
                .withValidator(v -> v >= 0 && v <= 1, "The gold rate must be between 0 and 1")
                .bind(d -> d.goldRate, (d, v) -> d.goldRate = v);
        binder.forField(lease).asRequired("Enter the lease")
                .withValidator(v -> v >= 1 && v <= MAX_LEASE_MINUTES,
                        "The lease is 1 to " + MAX_LEASE_MINUTES + " minutes (1 day)")
                .bind(d -> d.leaseMinutes, (d, v) -> d.leaseMinutes = v);
        binder.forField(window)
                .withValidator(v -> v == null || (long) v * 1_000_000_000L >= NewProject.MIN_WINDOW_NANOS,
                        "A task window is at least one second long")
                .bind(d -> d.windowSeconds, (d, v) -> d.windowSeconds = v);
        binder.forField(priority).bind(d -> d.priority, (d, v) -> d.priority = v);
        binder.forField(deadline).bind(d -> d.deadline, (d, v) -> d.deadline = v);
        binder.forField(annotators).bind(d -> d.annotators, (d, v) -> d.annotators = new HashSet<>(v));
    }

    /** Creates only from a valid form: otherwise the binder has marked the fields in error and nothing is sent. */
    private void create() {
        error.setVisible(false);
        if (!binder.writeBeanIfValid(draft)) {
            create.setEnabled(true);
            return;
        }
        Project project;
        try {
            project = workflow.createProject(draft.request());
        } catch (IllegalArgumentException e) {
            error.setText(e.getMessage());
            error.setVisible(true);
            create.setEnabled(true);
            return;
        }
        close();
        created.accept(project);
    }
}
