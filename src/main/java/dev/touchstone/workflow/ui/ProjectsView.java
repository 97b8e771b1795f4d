package dev.touchstone.workflow.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.MemberService;
import dev.touchstone.organization.Role;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import jakarta.annotation.security.RolesAllowed;


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
        new ProjectCreateDialog(workflow, datasets.datasets(), schemas.schemas(), members.annotators(),
                created -> getUI().ifPresent(ui -> ui.navigate(ProjectView.class,
                        new RouteParameters("projectId", created.id().toString())))).open();
    }
}
