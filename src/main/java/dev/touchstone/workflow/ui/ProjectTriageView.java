package dev.touchstone.workflow.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.dataview.GridListDataView;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.common.RouteIds;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.Role;
import dev.touchstone.proposal.QualityFlags;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.TriageService;
import dev.touchstone.workflow.WorkflowService;
import jakarta.annotation.security.RolesAllowed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Triage of a project's episodes (docs/workflow/screens.md, "Triage"): one row per episode with its proposal
 * confidence, suggested verdict and reasons, grasp outcome, every quality flag with its unit and the proposed trim;
 * sortable by every column, filtered by verdict and by a flag over a threshold. Project managers send the chosen
 * episodes to review first, or exclude them (with a reason) and put them back.
 */
@Route("projects/:projectId/triage")
@PageTitle("Triage")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME})
public class ProjectTriageView extends VerticalLayout implements BeforeEnterObserver {

    private final WorkflowService workflow;
    private final TriageService triage;
    private final CurrentOrganization current;
    private Project project;
    private Grid<TriageService.Row> grid;
    private GridListDataView<TriageService.Row> rows;
    private final Select<TriageRows.VerdictFilter> verdictFilter = new Select<>();
    private final Select<String> flagFilter = new Select<>();
    private final NumberField threshold = new NumberField("Flag value above");

    public ProjectTriageView(WorkflowService workflow, TriageService triage, CurrentOrganization current) {
        this.workflow = workflow;
        this.triage = triage;
        this.current = current;
        setWidthFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<Project> found = RouteIds.uuid(event, "projectId").flatMap(workflow::project);
        if (found.isEmpty()) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "No such project");
            return;
        }
        project = found.get();
        build();
    }

    private void build() {
        removeAll();
        boolean manages = ProjectFormat.manages(current);
        List<TriageService.Row> items = triage.episodes(project.id());
        H2 title = new H2("Triage · " + project.name());
        title.setId("triage-title");
        Anchor back = new Anchor("projects/" + project.id(), "← Project");
        Paragraph help = new Paragraph("Flags and the suggested verdict come from each episode's own signals"
                + " (n/a: not measured or not computable). Confidence: lowest / mean of its signal proposals.");
        help.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        add(back, title, help, filters(items), grid(items, manages));
        if (manages) {
            add(actions());
        }
    }

    private HorizontalLayout filters(List<TriageService.Row> items) {
        verdictFilter.setLabel("Verdict");
        verdictFilter.setId("triage-verdict-filter");
        verdictFilter.setItems(TriageRows.VerdictFilter.values());
        verdictFilter.setItemLabelGenerator(v -> v.caption);
        verdictFilter.setValue(TriageRows.VerdictFilter.ALL);
        flagFilter.setLabel("Only episodes with flag");
        flagFilter.setId("triage-flag-filter");
        flagFilter.setEmptySelectionAllowed(true);
        flagFilter.setEmptySelectionCaption("any");
        flagFilter.setItems(TriageRows.flagKeys(items));
        flagFilter.setItemLabelGenerator(k -> k == null ? "any" : QualityFlags.title(k) + unitSuffix(items, k));
        threshold.setId("triage-threshold");
        threshold.setValue(0.0);
        verdictFilter.addValueChangeListener(e -> applyFilter());
        flagFilter.addValueChangeListener(e -> applyFilter());
        threshold.addValueChangeListener(e -> applyFilter());
        HorizontalLayout filters = new HorizontalLayout(verdictFilter, flagFilter, threshold);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        return filters;
    }

    private static String unitSuffix(List<TriageService.Row> items, String key) {
        String unit = TriageRows.unit(items, key);
        return unit.isEmpty() ? "" : " (" + unit + ")";
    }

    private Grid<TriageService.Row> grid(List<TriageService.Row> items, boolean manages) {
        grid = new Grid<>();
        grid.setId("triage-grid");
        grid.setWidthFull();
        grid.setSelectionMode(manages ? Grid.SelectionMode.MULTI : Grid.SelectionMode.NONE);
        grid.addColumn(TriageService.Row::episodeName).setHeader("Episode").setKey("episode")
                .setComparator(Comparator.comparing(TriageService.Row::episodeName)).setFrozen(true)
                .setAutoWidth(true);
        fitHeader(grid.addColumn(TriageRows::confidence).setKey("confidence")
                .setComparator(TriageRows.byNumber(TriageRows::lowestConfidence)), "Confidence (lowest / mean)");
        fitHeader(grid.addColumn(TriageRows::verdict).setKey("verdict")
                .setComparator(Comparator.comparing(TriageRows::verdict)), "Suggested verdict");
        grid.addColumn(TriageRows::reasons).setHeader("Reasons").setKey("reasons")
                .setComparator(Comparator.comparing(TriageRows::reasons)).setAutoWidth(true);
        fitHeader(grid.addColumn(r -> r.flags() == null || r.flags().outcome() == null ? "n/a" : r.flags().outcome())
                .setKey("outcome").setComparator(Comparator.comparing(
                        r -> r.flags() == null || r.flags().outcome() == null ? "~" : r.flags().outcome())),
                "Grasp outcome");
        for (String key : TriageRows.flagKeys(items)) {
            // The key names the flag in docs/proposals.md; the header says what it is.
            Grid.Column<TriageService.Row> column = fitHeader(grid.addColumn(r -> TriageRows.number(
                            TriageRows.value(r, key))).setKey("flag-" + key)
                    .setComparator(TriageRows.byNumber(r -> TriageRows.value(r, key))),
                    QualityFlags.title(key) + unitSuffix(items, key));
            column.setTooltipGenerator(r -> key + " (docs/proposals.md, \"Quality flags and suggested verdict\")");
        }
        grid.addColumn(TriageRows::acceptedTrim).setHeader("Release trim").setKey("accepted-trim")
                .setComparator(Comparator.comparing(TriageRows::acceptedTrim)).setAutoWidth(true);
        grid.addColumn(TriageRows::trim).setHeader("Proposed trim").setKey("trim")
                .setComparator(TriageRows.byNumber(r -> r.flags() == null ? Double.NaN
                        : (r.flags().trimStartNanos() + 0.0)))
                .setAutoWidth(true);
        grid.addColumn(TriageRows::status).setHeader("Status").setKey("status")
                .setComparator(Comparator.comparing(TriageRows::status)).setAutoWidth(true);
        grid.setMultiSort(true);
        rows = grid.setItems(new ArrayList<>(items));
        applyFilter();
        return grid;
    }

    /**
     * A column of short values as wide as its header and the sort indicator: the grid's automatic width measures
     * the header text without the indicator, which cut "Confidence (lowest / mean)" to "Confidence (lowest / me…".
     */
    private static Grid.Column<TriageService.Row> fitHeader(Grid.Column<TriageService.Row> column, String header) {
        return column.setHeader(header).setAutoWidth(false).setFlexGrow(0)
                .setWidth(Math.max(8, header.length() + 5) + "ch");
    }

    private void applyFilter() {
        if (rows != null) {
            rows.setFilter(TriageRows.filter(verdictFilter.getValue() == null ? TriageRows.VerdictFilter.ALL
                    : verdictFilter.getValue(), flagFilter.getValue(), threshold.getValue())::test);
        }
    }

    private HorizontalLayout actions() {
        Button reviewFirst = new Button("Send to review first", click -> act(() ->
                triage.setReviewFirst(project.id(), selected(), true), "sent to review first"));
        reviewFirst.setId("triage-review-first");
        Button exclude = new Button("Exclude from project", click -> askReason());
        exclude.setId("triage-exclude");
        exclude.addThemeVariants(ButtonVariant.LUMO_ERROR);
        Button include = new Button("Put back into project", click -> act(() ->
                triage.include(project.id(), selected()), "put back"));
        include.setId("triage-include");
        Button trim = new Button("Accept proposed trim", click -> act(() ->
                triage.acceptTrim(project.id(), selected()), "episode(s) trimmed for releases"));
        trim.setId("triage-accept-trim");
        Button untrim = new Button("Release whole episode", click -> act(() ->
                triage.clearTrim(project.id(), selected()), "episode(s) released whole again"));
        untrim.setId("triage-clear-trim");
        return new HorizontalLayout(reviewFirst, exclude, include, trim, untrim);
    }

    private Set<UUID> selected() {
        return grid.getSelectedItems().stream().map(TriageService.Row::episodeId)
                .collect(java.util.stream.Collectors.toSet());
    }

    private void askReason() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Exclude " + selected().size() + " episode(s) from " + project.name());
        TextArea reason = new TextArea("Reason (required)");
        reason.setId("triage-exclude-reason");
        reason.setMaxLength(TriageService.MAX_REASON);
        reason.setWidthFull();
        Button confirm = new Button("Exclude", click -> {
            if (reason.getValue().isBlank()) {
                reason.setInvalid(true);
                reason.setErrorMessage("Say why these episodes leave the project");
                return;
            }
            act(() -> triage.exclude(project.id(), selected(), reason.getValue()), "excluded");
            dialog.close();
        });
        confirm.setId("triage-exclude-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR);
        dialog.add(reason);
        dialog.getFooter().add(new Button("Cancel", c -> dialog.close()), confirm);
        dialog.open();
    }

    private void act(java.util.function.IntSupplier action, String what) {
        if (grid.getSelectedItems().isEmpty()) {
            Notification.show("Choose episodes first", 4000, Notification.Position.MIDDLE);
            return;
        }
        try {
            int count = action.getAsInt();
            Notification.show(count + (what.startsWith("episode") ? " " : " task(s) ") + what, 4000,
                    Notification.Position.BOTTOM_START);
        } catch (IllegalArgumentException e) {
            Notification.show(e.getMessage(), 8000, Notification.Position.MIDDLE);
        }
        build();
    }
}
