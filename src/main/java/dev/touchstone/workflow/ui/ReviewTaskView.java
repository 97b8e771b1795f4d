package dev.touchstone.workflow.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.common.RouteIds;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.organization.Role;
import dev.touchstone.player.EpisodePlayer;
import dev.touchstone.player.EpisodePlayers;
import dev.touchstone.player.PlayerLayout;
import dev.touchstone.player.PlayerLayoutService;
import dev.touchstone.player.views.LabelTracks;
import dev.touchstone.quality.DefinitionAgreement;
import dev.touchstone.workflow.LabelLanes;
import dev.touchstone.workflow.AssignmentState;
import dev.touchstone.workflow.ReviewService;
import dev.touchstone.workflow.TaskReview;
import jakarta.annotation.security.RolesAllowed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One task under review ({@code review/:taskId}): the N annotations and the consensus side by side. On the
 * player every phase and event definition gets one lane per annotator and one for the consensus, stacked under the
 * shared time axis; episode values are a table with a column per annotator. The QA lead accepts, edits the
 * consensus in the workspace, or returns the work to one or all annotators with a comment.
 */
@Route("review/:taskId")
@RolesAllowed({Role.QA_LEAD_NAME, Role.ADMIN_NAME})
public class ReviewTaskView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    /** The most lanes the label-track area shows at once (PlayerLayout's limit). */
    private static final int MAX_LANES = 12;
    /** The least share of the player's height above the lanes that goes to the cameras (PlayerLayout.split). */
    private static final double CAMERA_SHARE = 0.7;
    /** Keys of the tile views other than cameras (EpisodePlayers), hidden at first on a review. */
    private static final List<String> OTHER_TILES = List.of("tactile:", "cloud:", "depth:", "depth-points:");

    private final ReviewService reviews;
    private final PlayerLayoutService layouts;
    private String title = "Review";

    public ReviewTaskView(ReviewService reviews, PlayerLayoutService layouts) {
        this.reviews = reviews;
        this.layouts = layouts;
        setSizeFull();
        setPadding(false);
        setSpacing(false);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<UUID> taskId = RouteIds.uuid(event, "taskId");
        if (taskId.isEmpty()) {
            event.rerouteToError(NotFoundException.class, "No such task");
            return;
        }
        TaskReview review;
        try {
            review = reviews.review(taskId.get());
        } catch (dev.touchstone.organization.NotFoundInOrganizationException e) {
            event.rerouteToError(NotFoundException.class, "No such task");
            return;
        }
        show(review);
    }

    private void show(TaskReview review) {
        removeAll();
        title = "Review · " + review.episode().episode().name();
        H2 heading = new H2(review.projectName() + " · " + review.episode().episode().name());
        heading.setId("review-title");
        heading.addClassNames(LumoUtility.Margin.NONE, LumoUtility.FontSize.LARGE);
        Span state = new Span(stateText(review));
        state.setId("review-state");
        state.getElement().setAttribute("data-state", review.reviewState());
        // The player takes the height of the window beside a column with the numbers, and is arranged for
        // comparing labels: every lane shows (at most 12; beyond that the lanes scroll, and the count in the header
        // says so), and the cameras keep a usable size because the other tiles (tactile, depth, clouds) start
        // hidden and the cameras get at least 70 % of the height the signals share. The Views menu shows the rest;
        // changes made here are not saved, so the member's own layout stays as it is elsewhere.
        List<LabelTracks.Track> tracks = tracks(review);
        EpisodePlayer player = EpisodePlayers.build(review.episode(), layouts, false);
        player.setSizeFull();
        find(player, LabelTracks.class).ifPresent(view -> view.setTracks(tracks));
        PlayerLayout layout = layouts.layout();
        List<String> hidden = new ArrayList<>(layout.hidden());
        if (EpisodePlayers.hasCameras(review.episode())) {
            player.getChildren().map(c -> c.getElement().getAttribute("data-view"))
                    .filter(key -> key != null && OTHER_TILES.stream().anyMatch(key::startsWith))
                    .forEach(hidden::add);
        }
        int shown = Math.min(MAX_LANES, Math.max(layout.trackLanes(), tracks.size()));
        player.setLayout(new PlayerLayout(hidden, Math.max(layout.split(), CAMERA_SHARE), layout.columns(), shown));
        Span lanes = new Span(tracks.size() + " lanes" + (tracks.size() > shown
                ? " · " + shown + " show at once, scroll the lanes for the rest" : ""));
        lanes.setId("review-lanes");
        lanes.addClassName("review-lanes");

        HorizontalLayout header = new HorizontalLayout(heading, state, lanes);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        header.add(actions(review));
        header.setPadding(true);
        header.setWidthFull();
        add(header);

        Div numbers = new Div(new H3("Agreement"), agreementGrid(review), new H3("Values"), valuesGrid(review));
        numbers.setId("review-details");
        numbers.addClassName("review-numbers");
        HorizontalLayout body = new HorizontalLayout(player, numbers);
        body.setId("review-body");
        body.addClassName("review-body");
        body.setPadding(false);
        body.setSpacing(false);
        body.setWidthFull();
        body.setFlexGrow(1, player);
        add(body);
        setFlexGrow(1, body);
    }

    private static String stateText(TaskReview review) {
        String gold = review.gold() ? " · gold task" : "";
        return switch (review.reviewState()) {
            case "review" -> "Waiting for review: " + (review.reviewReason() == null ? "" : review.reviewReason()) + gold;
            case "accepted" -> "Accepted" + gold;
            default -> "Being labelled (" + review.work().stream().filter(w -> w.state() == AssignmentState.SUBMITTED)
                    .count() + " submitted)" + gold;
        };
    }

    private HorizontalLayout actions(TaskReview review) {
        HorizontalLayout actions = new HorizontalLayout();
        boolean waiting = "review".equals(review.reviewState());
        Button accept = new Button("Accept consensus", e -> act(() -> reviews.accept(review.taskId()), review.taskId()));
        accept.setId("review-accept");
        accept.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SUCCESS);
        accept.setEnabled(waiting);
        Button edit = new Button("Edit consensus", e -> getUI().ifPresent(ui -> ui.navigate(ConsensusEditView.class,
                new RouteParameters("taskId", review.taskId().toString()))));
        edit.setId("review-edit");
        edit.setEnabled(waiting);
        Button back = new Button("Return…", e -> returnDialog(review));
        back.setId("review-return");
        back.setEnabled(review.work().stream().anyMatch(w -> w.state() == AssignmentState.SUBMITTED));
        Button gold = new Button("Make gold", e -> act(() -> reviews.promoteToGold(review.taskId()), review.taskId()));
        gold.setId("review-gold");
        gold.setEnabled("accepted".equals(review.reviewState()) && !review.gold());
        actions.add(accept, edit, back, gold);
        return actions;
    }

    private void act(Runnable action, UUID taskId) {
        try {
            action.run();
            show(reviews.review(taskId));
        } catch (IllegalStateException | IllegalArgumentException e) {
            Notification.show(e.getMessage(), 6000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
    }

    private void returnDialog(TaskReview review) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Return work with a comment");
        CheckboxGroup<TaskReview.AnnotatorWork> who = new CheckboxGroup<>("Return to");
        who.setId("return-who");
        List<TaskReview.AnnotatorWork> submitted = review.work().stream()
                .filter(w -> w.state() == AssignmentState.SUBMITTED).toList();
        who.setItems(submitted);
        who.setItemLabelGenerator(TaskReview.AnnotatorWork::annotatorName);
        who.select(submitted);
        TextArea comment = new TextArea("Comment (the annotators see it above their workspace)");
        comment.setId("return-comment-text");
        comment.setWidthFull();
        comment.setMaxLength(ReviewService.MAX_COMMENT);
        Button send = new Button("Return", e -> {
            try {
                reviews.returnWork(review.taskId(), who.getSelectedItems().stream()
                        .map(TaskReview.AnnotatorWork::assignmentId).toList(), comment.getValue());
                dialog.close();
                show(reviews.review(review.taskId()));
            } catch (IllegalArgumentException | IllegalStateException ex) {
                comment.setInvalid(true);
                comment.setErrorMessage(ex.getMessage());
            }
        });
        send.setId("return-send");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new VerticalLayout(who, comment));
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), send);
        dialog.setWidth("32em");
        dialog.open();
    }

    private static Grid<DefinitionAgreement> agreementGrid(TaskReview review) {
        Grid<DefinitionAgreement> grid = new Grid<>();
        grid.setId("review-agreement");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        Map<String, String> names = names(review.schema());
        grid.addColumn(a -> names.getOrDefault(a.definition(), a.definition())).setHeader("Label").setWidth("7em")
                .setFlexGrow(1);
        grid.addComponentColumn(a -> {
            Span value = new Span(a.labelled() ? ReviewFormat.agreement(a.agreement()) : DefinitionAgreement.NOT_LABELLED);
            value.addClassNames("review-agreement-value", "agreement-value");
            return value;
        }).setHeader("Agreement").setWidth("6.5em").setFlexGrow(0);
        grid.addColumn(a -> a.phase() == null ? a.measure() : a.measure() + "; " + a.phase().text())
                .setHeader("Measure").setWidth("8em").setFlexGrow(2);
        grid.setItems(review.agreement());
        grid.setAllRowsVisible(true);
        grid.setWidthFull();
        return grid;
    }

    /**
     * Episode-level values: one row per definition, one column per annotator, and the consensus. Each annotator's
     * header shows the full name (wrapped where the column is narrow) after a short label that tells names with the
     * same beginning apart, and the full name with the work's state as a tooltip.
     */
    private static Grid<Map<String, String>> valuesGrid(TaskReview review) {
        Grid<Map<String, String>> grid = new Grid<>();
        grid.setId("review-values");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        Map<String, LabelType> types = new LinkedHashMap<>();
        review.schema().definitions().forEach(d -> types.put(d.name(), d.type()));
        grid.addColumn(row -> row.get("_name")).setHeader("Value").setWidth("6em").setFlexGrow(1);
        List<String> shortLabels = ReviewFormat.shortLabels(review.work().stream()
                .map(TaskReview.AnnotatorWork::annotatorName).toList());
        for (int i = 0; i < review.work().size(); i++) {
            TaskReview.AnnotatorWork w = review.work().get(i);
            String state = w.state() == AssignmentState.SUBMITTED ? ""
                    : " (" + w.state().name().toLowerCase(Locale.ROOT) + ")";
            Span badge = new Span(shortLabels.get(i));
            badge.addClassName("annotator-short");
            Div header = new Div(badge, new Span(w.annotatorName() + state));
            header.addClassName("annotator-header");
            header.setTitle(w.annotatorName() + state);
            grid.addComponentColumn(row -> value(row, w.assignmentId().toString())).setHeader(header)
                    .setWidth("6em").setFlexGrow(1);
        }
        grid.addComponentColumn(row -> value(row, "_consensus")).setHeader("Consensus").setWidth("6.5em")
                .setFlexGrow(1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (LabelSchema.Definition d : review.schema().definitions()) {
            if (d.type() == LabelType.PHASE || d.type() == LabelType.EVENT || d.type() == LabelType.BOX2D
                    || d.type() == LabelType.CUBOID3D) {
                Map<String, String> row = new LinkedHashMap<>();
                row.put("_name", d.name() + " (count)");
                row.put("_type", "count");
                for (TaskReview.AnnotatorWork w : review.work()) {
                    row.put(w.assignmentId().toString(), String.valueOf(count(w.labels(), d.key())));
                }
                row.put("_consensus", String.valueOf(count(review.consensus(), d.key())));
                rows.add(row);
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            row.put("_name", d.name());
            row.put("_type", d.type().jsonName());
            for (TaskReview.AnnotatorWork w : review.work()) {
                row.put(w.assignmentId().toString(), valueText(w.labels(), d));
            }
            row.put("_consensus", valueText(review.consensus(), d) + tieRuleMark(review, review.consensus(), d));
            rows.add(row);
        }
        grid.setItems(rows);
        grid.setAllRowsVisible(true);
        grid.setWidthFull();
        return grid;
    }

    private static Span value(Map<String, String> row, String column) {
        Span value = new Span(row.getOrDefault(column, "–"));
        value.addClassName("review-value");
        value.getElement().setAttribute("data-type", row.get("_type"));
        return value;
    }

    private static long count(List<Label> labels, String definition) {
        return labels.stream().filter(l -> l.definition().equals(definition)).count();
    }

    private static String valueText(List<Label> labels, LabelSchema.Definition d) {
        return labels.stream().filter(l -> l instanceof Label.Value v && v.definition().equals(d.key()) && v.segment() == null)
                .map(l -> (Label.Value) l).map(v -> switch (d.type()) {
                    case VERDICT -> Boolean.TRUE.equals(v.accept()) ? "accept"
                            : "reject" + (v.classes().isEmpty() ? "" : " (" + String.join(", ", v.classes()) + ")");
                    case TEXT -> v.text() == null ? "" : v.text();
                    case RATING -> v.number() == null ? "" : String.format(Locale.ROOT, "%.0f", v.number());
                    case NUMBER -> ReviewFormat.number(v.number(), d.unit());
                    default -> String.join(", ", v.classes());
                }).collect(Collectors.joining("; "));
    }

    /** Per phase and event definition: a lane per annotator, then the consensus lane. */
    static List<LabelTracks.Track> tracks(TaskReview review) {
        List<LabelTracks.Track> tracks = new ArrayList<>();
        for (LabelSchema.Definition d : review.schema().definitions()) {
            if (d.type() != LabelType.PHASE && d.type() != LabelType.EVENT) {
                continue;
            }
            for (TaskReview.AnnotatorWork w : review.work()) {
                tracks.add(LabelLanes.lane("a-" + w.assignmentId() + "-" + d.key(),
                        d.name() + " · " + w.annotatorName(), w.labels(), d, Set.of(), TIE_RULE_MARK));
            }
            tracks.add(LabelLanes.lane("consensus-" + d.key(), d.name() + " · consensus", review.consensus(), d,
                    tieRuleIds(review), TIE_RULE_MARK));
        }
        return tracks;
    }

    /** Consensus labels a tie rule decided (the rest were decided by vote): marked "tie rule" where shown. */
    static Set<UUID> tieRuleIds(TaskReview review) {
        Set<UUID> ids = new HashSet<>();
        review.agreement().forEach(a -> ids.addAll(a.byTieRule()));
        return ids;
    }

    private static String tieRuleMark(TaskReview review, List<Label> labels, LabelSchema.Definition d) {
        Set<UUID> tie = tieRuleIds(review);
        boolean any = labels.stream().anyMatch(l -> l instanceof Label.Value v && v.definition().equals(d.key())
                && v.segment() == null && tie.contains(v.id()));
        return any ? " " + TIE_RULE_MARK : "";
    }

    static final String TIE_RULE_MARK = "(tie rule)";

    private static Map<String, String> names(LabelSchema schema) {
        Map<String, String> names = new LinkedHashMap<>();
        schema.definitions().forEach(d -> names.put(d.key(), d.name()));
        return names;
    }

    private static <T extends Component> Optional<T> find(Component root, Class<T> type) {
        if (type.isInstance(root)) {
            return Optional.of(type.cast(root));
        }
        return root.getChildren().map(c -> find(c, type)).flatMap(Optional::stream).findFirst();
    }

    @Override
    public String getPageTitle() {
        return title;
    }
}
