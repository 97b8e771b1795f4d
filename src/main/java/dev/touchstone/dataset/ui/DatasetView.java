package dev.touchstone.dataset.ui;

import dev.touchstone.common.RouteIds;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeBatch;
import dev.touchstone.dataset.EpisodeFilter;
import dev.touchstone.dataset.EpisodeRow;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.RolesAllowed;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;

/** One dataset: its episodes in a lazy grid (fast at 100k episodes) with filters. */
@Route("datasets/:datasetId")
@PageTitle("Dataset")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME})
public class DatasetView extends VerticalLayout implements BeforeEnterObserver {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private final DatasetService datasets;
    private final CurrentOrganization current;
    private final Grid<EpisodeRow> grid = new Grid<>();
    private final H2 title = new H2();
    private final Span summary = new Span();
    private final TextField text = new TextField();
    private final ComboBox<String> robot = new ComboBox<>();
    private final NumberField minSeconds = new NumberField();
    private final NumberField maxSeconds = new NumberField();
    private final ComboBox<EpisodeBatch> batch = new ComboBox<>();
    private Dataset dataset;

    public DatasetView(DatasetService datasets, CurrentOrganization current) {
        this.datasets = datasets;
        this.current = current;
        setSizeFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<Dataset> found = RouteIds.uuid(event, "datasetId")
                .flatMap(datasets::dataset);
        if (found.isEmpty()) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "No such dataset");
            return;
        }
        dataset = found.get();
        build();
    }


    private void build() {
        removeAll();
        title.setText(dataset.name());
        title.setId("dataset-title");
        summary.setId("dataset-summary");
        Button importButton = new Button("Import episodes", VaadinIcon.UPLOAD.create(),
                click -> getUI().ifPresent(ui -> ui.navigate("datasets/" + dataset.id() + "/import")));
        importButton.setId("import-episodes");
        importButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        importButton.setVisible(current.requireUser().may(Ability.MANAGE));
        // Curation's pages, linked by address: the curation module depends on this one, not the other way round.
        Anchor coverage = new Anchor("datasets/" + dataset.id() + "/coverage", "Coverage");
        coverage.setId("dataset-coverage");
        Anchor pairs = new Anchor("datasets/" + dataset.id() + "/pairs", "Pairs");
        pairs.setId("episode-pairs");
        HorizontalLayout header = new HorizontalLayout(title, summary, importButton, coverage, pairs);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);

        text.setId("episode-filter-text");
        text.setPlaceholder("Name, task or file");
        text.setClearButtonVisible(true);
        text.setValueChangeMode(ValueChangeMode.LAZY);
        robot.setId("episode-filter-robot");
        robot.setPlaceholder("Robot");
        robot.setClearButtonVisible(true);
        robot.setItems(datasets.robots(dataset.id()));
        minSeconds.setId("episode-filter-min");
        minSeconds.setPlaceholder("Min s");
        minSeconds.setMin(0);
        maxSeconds.setId("episode-filter-max");
        maxSeconds.setPlaceholder("Max s");
        maxSeconds.setMin(0);
        for (var field : java.util.List.of(minSeconds, maxSeconds)) {
            field.setValueChangeMode(ValueChangeMode.LAZY);
            field.setWidth("7em");
        }
        batch.setId("episode-filter-import");
        batch.setPlaceholder("Import");
        batch.setClearButtonVisible(true);
        batch.setItems(datasets.batches(dataset.id()));
        batch.setItemLabelGenerator(b -> "Import of " + TIME.format(b.firstImportedAt()) + " (" + b.episodes()
                + ")");
        batch.addValueChangeListener(e -> refresh());
        text.addValueChangeListener(e -> refresh());
        robot.addValueChangeListener(e -> refresh());
        minSeconds.addValueChangeListener(e -> refresh());
        maxSeconds.addValueChangeListener(e -> refresh());
        HorizontalLayout filters = new HorizontalLayout(text, robot, minSeconds, maxSeconds, batch);

        grid.removeAllColumns();
        grid.setId("episodes-grid");
        grid.addColumn(EpisodeRow::name).setHeader("Episode").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(EpisodeRow::robot).setHeader("Robot").setAutoWidth(true);
        grid.addColumn(EpisodeRow::task).setHeader("Task").setFlexGrow(2);
        grid.addColumn(e -> Durations.format(e.durationNanos())).setHeader("Duration").setAutoWidth(true);
        grid.addColumn(EpisodeRow::streamCount).setHeader("Streams").setAutoWidth(true);
        grid.addColumn(EpisodeRow::sourceFormat).setHeader("Format").setAutoWidth(true);
        grid.addColumn(e -> TIME.format(e.importedAt())).setHeader("Imported").setAutoWidth(true);
        grid.setEmptyStateText("No episodes match. Import recordings with \"Import episodes\".");
        grid.addItemClickListener(click -> getUI().ifPresent(ui -> ui.navigate(EpisodeView.class,
                new RouteParameters("episodeId", click.getItem().id().toString()))));
        grid.setPageSize(100);
        grid.setSizeFull();
        add(header, filters, grid);
        refresh();
    }

    private EpisodeFilter filter() {
        return new EpisodeFilter(text.getValue(), robot.getValue(), nanos(minSeconds.getValue()),
                nanos(maxSeconds.getValue()), batch.getValue() == null ? null : batch.getValue().importJobId());
    }

    private static Long nanos(Double seconds) {
        return seconds == null ? null : (long) (seconds * 1e9);
    }

    private void refresh() {
        EpisodeFilter filter = filter();
        UUID id = dataset.id();
        int count = datasets.countEpisodes(id, filter);
        summary.setText(count + (count == 1 ? " episode" : " episodes"));
        grid.setItems(query -> datasets.episodes(id, filter, query.getOffset(), query.getLimit()).stream(),
                query -> datasets.countEpisodes(id, filter));
    }
}
