package dev.touchstone.workflow.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.SchemaSummary;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.Member;
import dev.touchstone.organization.MemberService;
import dev.touchstone.organization.Role;
import dev.touchstone.workflow.NewProject;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import jakarta.annotation.security.RolesAllowed;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** The organization's projects; project managers create new ones (a dataset, a schema version, N, gold rate). */
@Route("projects")
@PageTitle("Projects")
@Menu(order = 21, title = "Projects", icon = "vaadin:folder-open")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME})
public class ProjectsView extends VerticalLayout {

    private final WorkflowService workflow;
    private final DatasetService datasets;
    private final LabelSchemaService schemas;
    private final MemberService members;
    private final Grid<Project> grid = new Grid<>();

    public ProjectsView(WorkflowService workflow, DatasetService datasets, LabelSchemaService schemas,
                        MemberService members, CurrentOrganization current) {
        this.workflow = workflow;
        this.datasets = datasets;
        this.schemas = schemas;
        this.members = members;
        setSizeFull();
        H2 title = new H2("Projects");
        Button create = new Button("New project", click -> openCreateDialog());
        create.setId("new-project");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setVisible(ProjectFormat.manages(current));

        grid.setId("projects-grid");
        grid.addColumn(Project::name).setHeader("Name").setSortable(true).setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(p -> ProjectFormat.state(p.state())).setHeader("State").setAutoWidth(true);
        grid.addColumn(Project::priority).setHeader("Priority").setSortable(true).setAutoWidth(true);
        grid.addColumn(Project::overlap).setHeader("Overlap N").setAutoWidth(true);
        grid.addColumn(p -> ProjectFormat.percent(p.goldRate())).setHeader("Gold rate").setAutoWidth(true);
        grid.addColumn(p -> p.completeTasks() + " / " + p.tasks()).setHeader("Complete / tasks").setAutoWidth(true);
        grid.addColumn(p -> ProjectFormat.date(p.deadline())).setHeader("Deadline").setAutoWidth(true);
        grid.addItemClickListener(click -> getUI().ifPresent(ui -> ui.navigate(ProjectView.class,
                new RouteParameters("projectId", click.getItem().id().toString()))));
        grid.setSizeFull();
        grid.setEmptyStateText("No projects yet. A project hands a dataset's episodes to annotators as tasks.");
        HorizontalLayout header = new HorizontalLayout(title, create);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(header, new Paragraph("A project labels one dataset with one label schema version: each task goes to N"
                + " annotators, some tasks are gold, and QA leads review what the annotators disagree on."), grid);
        grid.setItems(workflow.projects());
    }

    private void openCreateDialog() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("New project");
        dialog.setWidth("44em");

        TextField name = new TextField("Name");
        name.setId("project-name");
        name.setRequired(true);
        name.setMaxLength(200);
        ComboBox<Dataset> dataset = new ComboBox<>("Dataset");
        dataset.setId("project-dataset");
        dataset.setItems(datasets.datasets());
        dataset.setItemLabelGenerator(d -> d.name() + " (" + d.episodeCount() + " episodes)");
        dataset.setRequired(true);
        ComboBox<SchemaSummary> schema = new ComboBox<>("Label schema version");
        schema.setId("project-schema");
        schema.setItems(schemas.schemas());
        schema.setItemLabelGenerator(s -> s.name() + " · v" + s.latestVersion());
        schema.setRequired(true);
        IntegerField overlap = new IntegerField("Overlap (annotators per task)");
        overlap.setId("project-overlap");
        overlap.setMin(1);
        overlap.setMax(50);
        overlap.setStepButtonsVisible(true);
        overlap.setValue(3);
        NumberField goldRate = new NumberField("Gold rate (0-1)");
        goldRate.setId("project-gold-rate");
        goldRate.setMin(0);
        goldRate.setMax(1);
        goldRate.setStep(0.01);
        goldRate.setValue(0.1);
        IntegerField lease = new IntegerField("Lease (minutes)");
        lease.setId("project-lease");
        lease.setMin(1);
        lease.setMax(1440);
        lease.setValue(30);
        IntegerField window = new IntegerField("Window (seconds)");
        window.setId("project-window");
        window.setMin(1);
        window.setHelperText("Empty: one task per episode");
        window.setClearButtonVisible(true);
        IntegerField priority = new IntegerField("Priority");
        priority.setId("project-priority");
        priority.setValue(0);
        priority.setStepButtonsVisible(true);
        DatePicker deadline = new DatePicker("Deadline");
        deadline.setId("project-deadline");
        deadline.setClearButtonVisible(true);
        MultiSelectComboBox<Member> annotators = new MultiSelectComboBox<>("Only these annotators");
        annotators.setId("project-annotators-restriction");
        annotators.setItems(members.annotators());
        annotators.setItemLabelGenerator(m -> m.displayName() + " <" + m.email() + ">");
        annotators.setHelperText("Empty: every annotator of the organization");

        Span error = new Span();
        error.setId("project-create-error");
        error.addClassName(LumoUtility.TextColor.ERROR);
        error.setVisible(false);

        FormLayout form = new FormLayout(name, dataset, schema, overlap, goldRate, lease, window, priority, deadline,
                annotators);
        form.setColspan(name, 2);
        form.setColspan(annotators, 2);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("30em", 2));

        Button save = new Button("Create", click -> {
            try {
                if (dataset.getValue() == null) {
                    throw new IllegalArgumentException("Choose a dataset");
                }
                if (schema.getValue() == null) {
                    throw new IllegalArgumentException("Choose a label schema");
                }
                int leaseMinutes = ProjectFormat.required(lease.getValue(), "the lease");
                Long windowNanos = window.getValue() == null ? null : window.getValue() * 1_000_000_000L;
                Instant due = deadline.getValue() == null ? null
                        : deadline.getValue().atStartOfDay(ZoneOffset.UTC).toInstant();
                Set<UUID> restriction = annotators.getValue().stream().map(Member::userId)
                        .collect(Collectors.toSet());
                Project created = workflow.createProject(new NewProject(name.getValue(), dataset.getValue().id(),
                        schema.getValue().latestVersionId(), ProjectFormat.required(overlap.getValue(), "the overlap"),
                        ProjectFormat.required(goldRate.getValue(), "the gold rate"),
                        Math.multiplyExact(leaseMinutes, 60), priority.getValue() == null ? 0 : priority.getValue(),
                        due, windowNanos, restriction));
                dialog.close();
                getUI().ifPresent(ui -> ui.navigate(ProjectView.class,
                        new RouteParameters("projectId", created.id().toString())));
            } catch (IllegalArgumentException | ArithmeticException e) {
                error.setText(e.getMessage());
                error.setVisible(true);
                click.getSource().setEnabled(true);
            }
        });
        save.setId("project-create");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setDisableOnClick(true);
        dialog.add(new VerticalLayout(form, error));
        dialog.getFooter().add(new Button("Cancel", c -> dialog.close()), save);
        dialog.open();
        name.focus();
    }
}
