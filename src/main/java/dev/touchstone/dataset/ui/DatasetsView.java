package dev.touchstone.dataset.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.RolesAllowed;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

@Route("datasets")
@PageTitle("Datasets")
@Menu(order = 20, title = "Datasets", icon = "vaadin:database")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME})
public class DatasetsView extends VerticalLayout {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd")
            .withZone(ZoneId.systemDefault());

    private final DatasetService datasets;
    private final Grid<Dataset> grid = new Grid<>();

    public DatasetsView(DatasetService datasets, CurrentOrganization current) {
        this.datasets = datasets;
        setSizeFull();
        H2 title = new H2("Datasets");
        Button create = new Button("New dataset", click -> openCreateDialog());
        create.setId("new-dataset");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setVisible(current.requireUser().may(Ability.MANAGE));

        grid.setId("datasets-grid");
        grid.addColumn(Dataset::name).setHeader("Name").setSortable(true).setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(Dataset::episodeCount).setHeader("Episodes").setSortable(true).setAutoWidth(true);
        grid.addColumn(d -> Durations.format(d.totalDurationNanos())).setHeader("Total duration").setAutoWidth(true);
        grid.addColumn(Dataset::description).setHeader("Description").setFlexGrow(2);
        grid.addColumn(d -> DATE.format(d.createdAt())).setHeader("Created").setAutoWidth(true);
        grid.addItemClickListener(click -> getUI().ifPresent(ui -> ui.navigate(DatasetView.class,
                new RouteParameters("datasetId", click.getItem().id().toString()))));
        grid.setSizeFull();
        grid.setEmptyStateText("No datasets yet. Create one, then import episodes into it.");
        add(new HorizontalLayout(title, create) {{
            setAlignItems(Alignment.BASELINE);
        }}, new Paragraph("A dataset holds episodes: recordings with their cameras, depth, point clouds, signals and"
                + " tactile streams."), grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(datasets.datasets());
    }

    private void openCreateDialog() {
        new DatasetCreateDialog(datasets, created -> getUI().ifPresent(ui -> ui.navigate(DatasetView.class,
                new RouteParameters("datasetId", created.id().toString())))).open();
    }
}
