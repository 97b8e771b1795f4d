package dev.touchstone.ingest.ui;

import dev.touchstone.common.RouteIds;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.ingest.ImportJob;
import dev.touchstone.ingest.ImportService;
import dev.touchstone.ingest.ImportState;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.RolesAllowed;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Bringing episodes into a dataset: browser upload (a recording, or a zip of a dataset folder), server path and
 * storage prefix for admins, synthetic episodes, and the imports with live progress and cancel.
 */
@Route("datasets/:datasetId/import")
@PageTitle("Import episodes")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME})
public class ImportView extends VerticalLayout implements BeforeEnterObserver {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final DatasetService datasets;
    private final ImportService imports;
    private final CurrentOrganization current;
    private final Grid<ImportJob> jobs = new Grid<>();
    /**
     * Items identified by job id, refreshed in place: the grid then keeps each row's key while progress changes
     * every second, so a click on Cancel during a refresh still reaches the right job.
     */
    private final java.util.List<ImportJob> items = new java.util.ArrayList<>();
    private final com.vaadin.flow.data.provider.ListDataProvider<ImportJob> jobItems =
            new com.vaadin.flow.data.provider.ListDataProvider<>(items) {
                @Override
                public Object getId(ImportJob job) {
                    return job.id();
                }
            };
    private Dataset dataset;
    /** Read on the upload's request thread, so kept outside the checkbox. */
    private volatile boolean importAgain;

    public ImportView(DatasetService datasets, ImportService imports, CurrentOrganization current) {
        this.datasets = datasets;
        this.imports = imports;
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


    private boolean admin() {
        return current.requireUser().may(Ability.IMPORT_FROM_SERVER);
    }

    private void build() {
        removeAll();
        // By path, not by view class: the dataset module's screens are not part of its API.
        com.vaadin.flow.component.html.Anchor back = new com.vaadin.flow.component.html.Anchor(
                "datasets/" + dataset.id(), dataset.name());
        back.getElement().setAttribute("router-link", true);
        back.setId("import-dataset-link");
        add(back, new H2("Import episodes"));
        add(new Paragraph("Formats: MCAP (ROS 2), LeRobot v2.1/v3.0 folders, ALOHA/ACT HDF5, PCD/PLY point clouds, "
                + "MP4 videos and Touchstone bundles. Upload a single recording, or a zip of a folder. Each episode "
                + "appears when it is completely stored; a bad file is reported and the others still import. "
                + "Episodes this dataset already has from the same recording are skipped, so an interrupted import "
                + "can simply be started again."));
        com.vaadin.flow.component.checkbox.Checkbox again = new com.vaadin.flow.component.checkbox.Checkbox(
                "Import again anyway (also episodes this dataset already has)");
        again.setId("import-again");
        importAgain = false;
        again.addValueChangeListener(change -> importAgain = change.getValue());
        add(again);

        Upload upload = new Upload(uploadHandler());
        upload.setId("episode-upload");
        upload.setMaxFiles(20);
        upload.setDropLabel(new Span("Drop recordings or zip archives here"));
        add(upload);

        add(new GenerateForm((episodes, seed) -> run(() -> imports.generate(dataset.id(), episodes, seed, false))));
        if (admin()) {
            add(new ServerImportForm(
                    path -> run(() -> imports.importServerPath(dataset.id(), path, importAgain)),
                    prefix -> run(() -> imports.importStoragePrefix(dataset.id(), prefix, importAgain))));
        }

        jobs.setId("imports-grid");
        jobs.addColumn(j -> TIME.format(j.createdAt())).setHeader("Started").setAutoWidth(true);
        jobs.addColumn(ImportView::sourceText).setHeader("Source").setFlexGrow(2)
                .setTooltipGenerator(ImportView::sourceText);
        jobs.addComponentColumn(ImportView::state).setHeader("State").setAutoWidth(true);
        // A failure's message is longer than the cell; the whole of it, with what to do, shows on hover.
        jobs.addComponentColumn(ImportView::progress).setHeader("Progress").setFlexGrow(2)
                .setTooltipGenerator(job -> job.finished() && job.error() != null ? job.error() : "");
        jobs.addColumn(ImportView::episodesText).setHeader("Episodes").setAutoWidth(true);
        jobs.addColumn(com.vaadin.flow.data.renderer.LitRenderer.<ImportJob>of(
                        "<vaadin-button theme='tertiary error small' class='cancel-import' ?hidden=${!item.cancellable}"
                                + " @click=${cancel}>Cancel</vaadin-button>")
                .withProperty("cancellable", job -> !job.finished() && !job.cancelRequested())
                .withFunction("cancel", job -> {
                    imports.cancel(job.id());
                    refresh();
                })).setHeader("").setAutoWidth(true);
        jobs.setItems(jobItems);
        jobs.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(ImportView::report));
        jobs.setDetailsVisibleOnClick(true);
        jobs.setEmptyStateText("No imports into this dataset yet.");
        jobs.setSizeFull();
        add(new H3("Imports"), jobs);
        refresh();
    }

    private UploadHandler uploadHandler() {
        UUID datasetId = dataset.id();
        return event -> {
            UI ui = event.getUI();
            try {
                ImportJob job = imports.importUpload(datasetId, event.getFileName(), event.getInputStream(),
                        event.getFileSize(), importAgain);
                ui.access(() -> {
                    notify("Importing " + event.getFileName(), NotificationVariant.LUMO_SUCCESS);
                    refresh();
                });
            } catch (IllegalArgumentException e) {
                event.reject(e.getMessage());
                ui.access(() -> notify(e.getMessage(), NotificationVariant.LUMO_ERROR));
            }
        };
    }

    private void run(Supplier<ImportJob> start) {
        try {
            ImportJob job = start.get();
            notify("Import queued: " + sourceText(job), NotificationVariant.LUMO_SUCCESS);
        } catch (IllegalArgumentException e) {
            notify(e.getMessage(), NotificationVariant.LUMO_ERROR);
        }
        refresh();
    }

    private static void notify(String text, NotificationVariant variant) {
        Notification notification = Notification.show(text, 6000, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(variant);
    }

    private void refresh() {
        List<ImportJob> list = imports.jobs(dataset.id());
        items.clear();
        items.addAll(list);
        jobItems.refreshAll();
        // Poll only while something runs, so an idle page costs nothing.
        boolean active = list.stream().anyMatch(j -> !j.finished());
        getUI().ifPresent(ui -> ui.setPollInterval(active ? 1000 : -1));
    }

    private com.vaadin.flow.shared.Registration pollRegistration;

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        pollRegistration = attachEvent.getUI().addPollListener(poll -> {
            if (dataset != null) {
                refresh();
            }
        });
        if (dataset != null) {
            refresh();
        }
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        detachEvent.getUI().setPollInterval(-1);
        if (pollRegistration != null) {
            pollRegistration.remove();
            pollRegistration = null;
        }
    }

    /** "3 / 5 (1 failed, 1 skipped: already imported)": imported of found, then what was not imported and why. */
    public static String episodesText(ImportJob job) {
        List<String> other = new java.util.ArrayList<>();
        if (job.episodesFailed() > 0) {
            other.add(job.episodesFailed() + " failed");
        }
        if (job.episodesSkipped() > 0) {
            other.add(job.episodesSkipped() + " skipped: already imported");
        }
        return job.episodesDone() + (job.episodesTotal() == null ? "" : " / " + job.episodesTotal())
                + (other.isEmpty() ? "" : " (" + String.join(", ", other) + ")");
    }

    static String sourceText(ImportJob job) {
        String source = job.source();
        return switch (job.sourceKind()) {
            case UPLOAD -> "Upload";
            case GENERATOR -> "Generated (" + source.replace(";", ", ") + ")";
            case S3_PREFIX -> "Storage " + source.substring(source.indexOf("/incoming/") + 1);
            case SERVER_PATH -> "Server " + source;
            case CLI -> "Command line " + source;
        };
    }

    private static Span state(ImportJob job) {
        Span badge = new Span(job.cancelRequested() && !job.finished() ? "Cancelling" : job.state().label());
        String theme = switch (job.state()) {
            case SUCCEEDED -> "badge success";
            case FAILED -> "badge error";
            case COMPLETED_WITH_ERRORS -> "badge warning";
            case CANCELLED -> "badge contrast";
            default -> "badge";
        };
        badge.getElement().getThemeList().addAll(List.of(theme.split(" ")));
        badge.addClassName("import-state");
        return badge;
    }

    private static Div progress(ImportJob job) {
        ProgressBar bar = new ProgressBar(0, 1, job.progress());
        bar.setIndeterminate(job.state() == ImportState.RUNNING && job.episodesTotal() == null);
        Span text = new Span(job.finished()
                ? (job.error() == null ? String.format(Locale.ROOT, "%.0f%%", job.progress() * 100) : job.error())
                : job.progressMessage());
        text.addClassName(LumoUtility.FontSize.SMALL);
        Div cell = new Div(bar, text);
        cell.setWidthFull();
        cell.addClassName("import-progress");
        return cell;
    }

    private static VerticalLayout report(ImportJob job) {
        VerticalLayout layout = new VerticalLayout();
        layout.setPadding(false);
        if (job.error() != null) {
            Span error = new Span(job.error());
            error.addClassName(LumoUtility.TextColor.ERROR);
            layout.add(error);
        }
        if (job.notes().isEmpty()) {
            layout.add(new Span("No notes."));
        } else {
            UnorderedList notes = new UnorderedList();
            job.notes().forEach(note -> notes.add(new ListItem(note)));
            layout.add(notes);
        }
        return layout;
    }
}
