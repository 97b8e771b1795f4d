package dev.touchstone.workflow.ui;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.provider.SortDirection;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.ingest.ImportService;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.proposal.GeneratedTriageProject;
import dev.touchstone.proposal.ProposalService;
import dev.touchstone.proposal.QualityFlags;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.TriageService;
import dev.touchstone.workflow.WorkflowService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The triage screen without a browser, over generated episodes measured by the real proposers: its rows sort and
 * filter to the episodes the service's numbers say, excluding needs a reason, and a QA lead sees the screen without
 * its actions.
 */
@TouchstoneSpringTest
class ProjectTriageViewTest extends SpringBrowserlessTest {

    @Autowired SignIn signIn;
    @Autowired DatasetService datasets;
    @Autowired ImportService imports;
    @Autowired LabelSchemaService schemas;
    @Autowired WorkflowService workflow;
    @Autowired ProposalService proposals;
    @Autowired TriageService triage;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    @SuppressWarnings("unchecked")
    void rowsSortAndFilterByFlagsAndExcludingNeedsAReason() throws Exception {
        Project project = new GeneratedTriageProject(signIn, datasets, imports, schemas, workflow, proposals)
                .make(3, 11);
        List<TriageService.Row> service = triage.episodes(project.id());
        assertThat(service).hasSize(3).allSatisfy(r -> assertThat(r.flags()).isNotNull());

        navigate("projects/" + project.id() + "/triage", ProjectTriageView.class);
        Grid<TriageService.Row> grid = find(Grid.class).withId("triage-grid").single();
        assertThat(names(grid)).containsExactlyElementsOf(service.stream().map(TriageService.Row::episodeName)
                .sorted().toList());

        // Flags are headed by what they are and their unit, not by their keys.
        assertThat(grid.getColumnByKey("flag-" + QualityFlags.IDLE_HEAD).getHeaderText()).isEqualTo("Idle at start (s)");
        assertThat(grid.getColumnByKey("flag-" + QualityFlags.JERK_P95).getHeaderText()).isEqualTo("Jerk p95 (rad/s³)");

        // Sorted by duration, ascending: the service's durations in order.
        grid.sort(List.of(new GridSortOrder<>(grid.getColumnByKey("flag-" + QualityFlags.DURATION),
                SortDirection.ASCENDING)));
        assertThat(names(grid)).containsExactlyElementsOf(service.stream()
                .sorted(Comparator.comparingDouble(r -> r.flags().value(QualityFlags.DURATION)))
                .map(TriageService.Row::episodeName).toList());
        grid.sort(List.of(new GridSortOrder<>(grid.getColumnByKey("episode"), SortDirection.DESCENDING)));
        assertThat(names(grid)).containsExactlyElementsOf(service.stream().map(TriageService.Row::episodeName)
                .sorted(Comparator.reverseOrder()).toList());

        // Only episodes whose duration is above the middle one's: exactly the longer episodes by the numbers.
        double middle = service.stream().mapToDouble(r -> r.flags().value(QualityFlags.DURATION)).sorted()
                .toArray()[1];
        Select<String> flag = find(Select.class).withId("triage-flag-filter").single();
        flag.setValue(QualityFlags.DURATION);
        find(NumberField.class).withId("triage-threshold").single().setValue(middle);
        assertThat(names(grid)).containsExactlyInAnyOrderElementsOf(service.stream()
                .filter(r -> r.flags().value(QualityFlags.DURATION) > middle).map(TriageService.Row::episodeName)
                .toList()).hasSize(1);
        flag.setValue(null);
        Select<TriageRows.VerdictFilter> verdict = find(Select.class).withId("triage-verdict-filter").single();
        verdict.setValue(TriageRows.VerdictFilter.ACCEPT);
        assertThat(names(grid)).containsExactlyInAnyOrderElementsOf(service.stream()
                .filter(r -> Boolean.TRUE.equals(r.flags().verdict().accept()))
                .map(TriageService.Row::episodeName).toList());
        verdict.setValue(TriageRows.VerdictFilter.ALL);

        // Excluding without a reason does nothing; with one, the episode is excluded.
        TriageService.Row first = service.getFirst();
        grid.select(first);
        test(find(Button.class).withId("triage-exclude").single()).click();
        test(find(Button.class).withId("triage-exclude-confirm").single()).click();
        assertThat(find(TextArea.class).withId("triage-exclude-reason").single().isInvalid()).isTrue();
        assertThat(triage.episodes(project.id())).noneMatch(TriageService.Row::excluded);
        find(TextArea.class).withId("triage-exclude-reason").single().setValue("gripper camera covered");
        test(find(Button.class).withId("triage-exclude-confirm").single()).click();
        assertThat(triage.episodes(project.id())).filteredOn(TriageService.Row::excluded)
                .extracting(TriageService.Row::episodeName).containsExactly(first.episodeName());

        // A QA lead sees the same rows and no actions.
        signIn.as("qa@acme.test");
        navigate("projects/" + project.id() + "/triage", ProjectTriageView.class);
        Grid<TriageService.Row> read = find(Grid.class).withId("triage-grid").single();
        assertThat(names(read)).hasSize(3);
        assertThat(find(Button.class).withId("triage-exclude").all()).isEmpty();
        assertThat(find(Button.class).withId("triage-review-first").all()).isEmpty();
        assertThat(read.getSelectionModel()).isInstanceOf(
                com.vaadin.flow.component.grid.GridNoneSelectionModel.class);
    }

    private static List<String> names(Grid<TriageService.Row> grid) {
        return grid.getListDataView().getItems().map(TriageService.Row::episodeName).toList();
    }
}
