package dev.touchstone.curation.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.common.CursorPage;
import dev.touchstone.common.RouteIds;
import dev.touchstone.curation.EpisodePair;
import dev.touchstone.curation.EpisodePairEntry;
import dev.touchstone.curation.EpisodePairs;
import dev.touchstone.curation.PairingIssue;
import dev.touchstone.curation.PairingReport;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.RolesAllowed;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A dataset's episode pairs (docs/curation.md, "Pairs"): the list with both episodes' names; for project managers
 * and admins, pairing two episodes by hand, pairing by a metadata key, and deleting a pair. QA leads read.
 */
@Route("datasets/:datasetId/pairs")
@PageTitle("Episode pairs")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME})
public class PairsView extends VerticalLayout implements BeforeEnterObserver {

    /** The list shows this many pairs; the API pages through any number. */
    static final int SHOWN = 500;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private final EpisodePairs pairs;
    private final DatasetService datasets;
    private final CurrentOrganization current;
    private final Grid<EpisodePairEntry> grid = new Grid<>();
    private final Span count = new Span();
    private final TextField key = new TextField("Metadata key");
    private final Select<String> keyKind = new Select<>();
    private final Button pairByKey = new Button("Pair by key");
    private final Paragraph report = new Paragraph();
    private PairForm form;
    private Dataset dataset;

    public PairsView(EpisodePairs pairs, DatasetService datasets, CurrentOrganization current) {
        this.pairs = pairs;
        this.datasets = datasets;
        this.current = current;
        setSizeFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<Dataset> found = RouteIds.uuid(event, "datasetId").flatMap(datasets::dataset);
        if (found.isEmpty()) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "No such dataset");
            return;
        }
        dataset = found.get();
        build();
    }

    private void build() {
        removeAll();
        H2 title = new H2("Pairs · " + dataset.name());
        title.setId("pairs-title");
        Anchor back = new Anchor("datasets/" + dataset.id(), "Back to the episodes");
        back.setId("pairs-back");
        count.setId("pairs-count");
        count.addClassNames(LumoUtility.TextColor.SECONDARY);
        HorizontalLayout header = new HorizontalLayout(title, count, back);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(header);

        boolean manages = current.requireUser().may(Ability.MANAGE);
        if (manages) {
            form = new PairForm(pairs, datasets, dataset.id(), this::refresh);
            form.setId("pair-form");
            key.setId("pair-key");
            key.setValue(EpisodePairs.PAIR_KEY);
            key.setHelperText("Episodes with equal values of this metadata key are paired, two per value");
            keyKind.setId("pair-key-kind");
            keyKind.setLabel("Kind");
            keyKind.setItems(EpisodePair.KINDS);
            keyKind.setItemLabelGenerator(PairForm::kindLabel);
            keyKind.setValue(EpisodePair.SIM_REAL);
            pairByKey.setId("pair-by-key");
            pairByKey.addClickListener(click -> pairByKey());
            report.setId("pairing-report");
            HorizontalLayout byKey = new HorizontalLayout(key, keyKind, pairByKey);
            byKey.setAlignItems(FlexComponent.Alignment.BASELINE);
            add(new H3("Pair two episodes"), form, new H3("Pair by a metadata key"), byKey, report);
        }

        grid.removeAllColumns();
        grid.setId("pairs-grid");
        grid.addColumn(e -> PairForm.kindLabel(e.pair().kind())).setHeader("Kind").setAutoWidth(true);
        grid.addColumn(EpisodePairEntry::firstName).setHeader("First (sim, rollout)").setFlexGrow(1);
        grid.addColumn(EpisodePairEntry::secondName).setHeader("Second (real, demonstration)").setFlexGrow(1);
        grid.addColumn(e -> e.pair().key() == null ? "" : e.pair().key()).setHeader("Key").setAutoWidth(true);
        grid.addColumn(e -> TIME.format(e.pair().createdAt())).setHeader("Paired").setAutoWidth(true);
        grid.addComponentColumn(e -> {
            Anchor play = new Anchor("pairs/" + e.pair().id() + "/play", "Play side by side");
            play.setClassName("play-pair");
            play.setTitle("Both episodes on one clock, at the pair's offset");
            return play;
        }).setHeader("").setAutoWidth(true).setFlexGrow(0);
        if (manages) {
            grid.addComponentColumn(e -> {
                Button delete = new Button(VaadinIcon.TRASH.create(), click -> delete(e));
                delete.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
                delete.setAriaLabel("Delete the pair " + e.firstName() + " and " + e.secondName());
                delete.setClassName("delete-pair");
                return delete;
            }).setHeader("").setAutoWidth(true).setFlexGrow(0);
        }
        grid.setEmptyStateText("No pairs yet.");
        add(grid);
        refresh();
    }

    private void refresh() {
        CursorPage<EpisodePairEntry> page = pairs.pairs(dataset.id(), null, SHOWN);
        grid.setItems(page.items());
        int total = pairs.count(dataset.id());
        count.setText(total == page.items().size() ? total + (total == 1 ? " pair" : " pairs")
                : "the first " + page.items().size() + " of " + total + " pairs");
    }

    private void pairByKey() {
        try {
            report.setText(describe(pairs.pairByKey(dataset.id(), key.getValue().strip(), keyKind.getValue())));
            key.setInvalid(false);
        } catch (IllegalArgumentException | NotFoundInOrganizationException e) {
            key.setInvalid(true);
            key.setErrorMessage(e.getMessage());
            return;
        }
        refresh();
    }

    private void delete(EpisodePairEntry entry) {
        try {
            pairs.delete(entry.pair().id());
        } catch (NotFoundInOrganizationException e) {
            // Deleted meanwhile by someone else: the refresh shows it gone.
        }
        refresh();
    }

    /** "2 pairs made, 1 already paired. Not paired: k2 (1 episode: no partner); k3 (3 episodes: ambiguous)." */
    static String describe(PairingReport report) {
        List<String> parts = new ArrayList<>();
        parts.add(report.created().size() + (report.created().size() == 1 ? " pair" : " pairs") + " made, "
                + report.alreadyPaired() + " already paired.");
        if (!report.issues().isEmpty()) {
            parts.add("Not paired: " + report.issues().stream().map(PairsView::describe)
                    .collect(Collectors.joining("; ")) + ".");
        }
        return String.join(" ", parts);
    }

    private static String describe(PairingIssue issue) {
        int n = issue.episodes().size();
        String why = switch (issue.problem()) {
            case PairingIssue.UNPAIRED -> "no partner";
            case PairingIssue.AMBIGUOUS -> "more than two share it, pair them by hand";
            default -> "not one of each variant";
        };
        return issue.value() + " (" + n + (n == 1 ? " episode: " : " episodes: ") + why + ")";
    }
}
