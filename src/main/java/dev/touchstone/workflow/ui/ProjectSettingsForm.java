package dev.touchstone.workflow.ui;

import com.vaadin.flow.component.HasEnabled;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.workflow.ConsensusRule;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.ProjectSettings;
import dev.touchstone.workflow.ProposalGate;
import dev.touchstone.workflow.ReviewPolicy;
import dev.touchstone.workflow.WorkflowService;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A project's settings on its page: overlap, gold rate, lease, priority, deadline and the quality settings
 * ({@link ProjectSettings}). A {@link Binder} checks every field against the ranges {@link WorkflowService#updateProject}
 * and {@link ProjectSettings} accept, so a mistake shows on the field that holds it and nothing is sent until the
 * whole form is valid. What the service still refuses (a rule only it knows) shows beside the save button.
 */
class ProjectSettingsForm extends Div {

    static final int MAX_OVERLAP = 50;
    static final int MAX_LEASE_SECONDS = 86_400;
    static final double MAX_BOUNDARY_ERROR_MS = 3_600_000;

    /** What the fields edit, in the units they show (minutes, percent). */
    static final class Draft {
        Integer overlap;
        Double goldRate;
        Double leaseMinutes;
        Integer priority;
        LocalDate deadline;
        ReviewPolicy reviewPolicy;
        Double reviewSamplePercent;
        Double minGoldAccuracyPercent;
        Integer minGoldScored;
        Double maxBoundaryErrorMs;
        boolean showProposals;
        boolean gate;
        Double gatePhaseF1;
        Double gateEventF1;
        Double gateValueAccuracy;
        Integer gateGoldEpisodes;
        final Map<LabelType, ConsensusRule> rules = new EnumMap<>(LabelType.class);
        final Map<LabelType, Double> thresholds = new EnumMap<>(LabelType.class);

        static Draft of(Project project, ProjectSettings settings) {
            Draft draft = new Draft();
            draft.overlap = project.overlap();
            draft.goldRate = project.goldRate();
            draft.leaseMinutes = project.leaseSeconds() / 60.0;
            draft.priority = project.priority();
            draft.deadline = ProjectFormat.localDate(project.deadline());
            draft.reviewPolicy = settings.reviewPolicy();
            draft.reviewSamplePercent = settings.reviewSample() * 100;
            draft.minGoldAccuracyPercent = settings.minGoldAccuracy() * 100;
            draft.minGoldScored = settings.minGoldScored();
            draft.maxBoundaryErrorMs = settings.maxBoundaryErrorMs();
            draft.showProposals = settings.showProposals();
            // a project without a gate offers the defaults, so that turning it on starts from sensible numbers
            ProposalGate gate = settings.proposalGate() == null ? ProposalGate.defaults() : settings.proposalGate();
            draft.gate = settings.proposalGate() != null;
            draft.gatePhaseF1 = gate.phaseF1At50();
            draft.gateEventF1 = gate.eventF1();
            draft.gateValueAccuracy = gate.valueAccuracy();
            draft.gateGoldEpisodes = gate.minGoldEpisodes();
            for (LabelType type : LabelType.values()) {
                draft.rules.put(type, settings.rule(type));
                draft.thresholds.put(type, settings.threshold(type));
            }
            return draft;
        }

        /** Only called on a draft the binder accepted: every required value is there and in range. */
        ProjectSettings quality() {
            return new ProjectSettings(reviewPolicy, reviewSamplePercent / 100, rules, thresholds,
                    minGoldAccuracyPercent / 100, minGoldScored, maxBoundaryErrorMs, showProposals,
                    gate ? new ProposalGate(gatePhaseF1, gateEventF1, gateValueAccuracy, gateGoldEpisodes) : null);
        }

        int leaseSeconds() {
            return (int) Math.round(leaseMinutes * 60);
        }
    }

    final IntegerField overlap = new IntegerField("Overlap (annotators per task)");
    final NumberField goldRate = new NumberField("Gold rate (0-1)");
    final NumberField lease = new NumberField("Lease (minutes)");
    final IntegerField priority = new IntegerField("Priority");
    final DatePicker deadline = new DatePicker("Deadline");
    final Select<ReviewPolicy> policy = new Select<>();
    final NumberField sample = new NumberField("Review sample (%)");
    final NumberField minAccuracy = new NumberField("Minimum gold accuracy (%)");
    final IntegerField minScored = new IntegerField("Gold tasks scored before pausing");
    final NumberField boundaryMs = new NumberField("Phase boundary error limit (ms, optional)");
    final Checkbox showProposals = new Checkbox("Annotators see proposals");
    final Checkbox gate = new Checkbox("Show a source's proposals only when it is proven against gold");
    final NumberField gatePhaseF1 = new NumberField("Phases: F1@50 at least (0-1)");
    final NumberField gateEventF1 = new NumberField("Events: F1 at least (0-1)");
    final NumberField gateValueAccuracy = new NumberField("Values: accuracy at least (0-1)");
    final IntegerField gateGoldEpisodes = new IntegerField("Gold episodes compared at least");
    private final List<Binder.Binding<Draft, ?>> gateBindings = new ArrayList<>();
    final Map<LabelType, Select<ConsensusRule>> rules = new EnumMap<>(LabelType.class);
    final Map<LabelType, NumberField> thresholds = new EnumMap<>(LabelType.class);
    final Span error = new Span();
    final Button save = new Button("Save settings");

    private final Binder<Draft> binder = new Binder<>();
    private final Draft draft;
    private final WorkflowService workflow;
    private final Project project;
    private final Runnable saved;

    /**
     * @param manages whether the signed-in member may change the project; if not, every field is read-only
     * @param saved   called after the settings were saved (the page reloads the project)
     */
    ProjectSettingsForm(WorkflowService workflow, Project project, boolean manages, Runnable saved) {
        this.workflow = workflow;
        this.project = project;
        this.saved = saved;
        this.draft = Draft.of(project, workflow.settings(project.id()));
        setId("project-settings");
        setWidthFull();
        configureFields();
        bind();
        binder.readBean(draft);
        sample.setEnabled(draft.reviewPolicy == ReviewPolicy.SAMPLE);
        policy.addValueChangeListener(e -> sample.setEnabled(e.getValue() == ReviewPolicy.SAMPLE));
        enableGateFields(draft.gate);
        gate.addValueChangeListener(e -> {
            enableGateFields(e.getValue());
            // a number that was wrong while the gate was off matters now (and no longer when it is turned off)
            gateBindings.forEach(Binder.Binding::validate);
        });

        error.setId("project-settings-error");
        error.addClassName(LumoUtility.TextColor.ERROR);
        error.setVisible(false);
        save.setId("project-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setDisableOnClick(true);
        save.addClickListener(click -> save());
        save.setVisible(manages);
        binder.setReadOnly(!manages);

        FormLayout form = new FormLayout(overlap, goldRate, lease, priority, deadline, policy, sample, minAccuracy,
                minScored, boundaryMs, showProposals);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("32em", 3));
        FormLayout gateForm = new FormLayout(gatePhaseF1, gateEventF1, gateValueAccuracy, gateGoldEpisodes);
        gateForm.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("32em", 4));
        Span gateHelp = new Span("Scores are the Agreement screen's \"against gold\" numbers of the source at its"
                + " version. A source compared on fewer gold episodes is not yet proven, and its proposals stay"
                + " hidden until it is; so do proposed boxes, cuboids, texts and multi-class categories, which are"
                + " not scored against gold.");
        gateHelp.setId("settings-proposal-gate-help");
        gateHelp.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        add(new H3("Settings"), form, new H3("Proposal gate"), gate, gateHelp, gateForm,
                new H3("Consensus per label type"), perTypeTable(), new HorizontalLayout(save, error));
    }

    private void configureFields() {
        overlap.setId("settings-overlap");
        overlap.setMin(project.overlap());
        overlap.setMax(MAX_OVERLAP);
        overlap.setStepButtonsVisible(true);
        overlap.setHelperText("Can only grow");
        goldRate.setId("settings-gold-rate");
        goldRate.setMin(0);
        goldRate.setMax(1);
        goldRate.setStep(0.01);
        lease.setId("settings-lease");
        lease.setMin(0);
        priority.setId("settings-priority");
        priority.setStepButtonsVisible(true);
        deadline.setId("settings-deadline");
        deadline.setClearButtonVisible(true);

        policy.setLabel("Review");
        policy.setId("settings-review-policy");
        policy.setItems(ReviewPolicy.values());
        policy.setItemLabelGenerator(p -> switch (p) {
            case ALL -> "Every task";
            case SAMPLE -> "A sample of agreeing tasks";
            case DISAGREEMENT -> "Only disagreements";
        });
        sample.setId("settings-review-sample");
        sample.setMin(0);
        sample.setMax(100);
        minAccuracy.setId("settings-min-gold-accuracy");
        minAccuracy.setMin(0);
        minAccuracy.setMax(100);
        minScored.setId("settings-min-gold-scored");
        minScored.setMin(1);
        minScored.setMax(1000);
        boundaryMs.setId("settings-max-boundary-error-ms");
        boundaryMs.setMin(0);
        boundaryMs.setStep(50);
        boundaryMs.setClearButtonVisible(true);
        boundaryMs.setTooltipText("A task whose mean matched boundary error between annotators is above this goes to"
                + " review; empty: only the phase uα threshold applies");

        showProposals.setId("settings-show-proposals");
        showProposals.setTooltipText("Proposed labels (from the robot's signals or a model) are pre-filled in the"
                + " workspace for the annotator to accept, adjust or delete. Turn off to label a sample blind, so"
                + " that the proposals can be measured against labels they did not influence");

        gate.setId("settings-proposal-gate");
        gatePhaseF1.setId("settings-gate-phase-f1");
        gateEventF1.setId("settings-gate-event-f1");
        gateValueAccuracy.setId("settings-gate-value-accuracy");
        for (NumberField field : List.of(gatePhaseF1, gateEventF1, gateValueAccuracy)) {
            field.setMin(0);
            field.setMax(1);
            field.setStep(0.05);
        }
        gateGoldEpisodes.setId("settings-gate-gold-episodes");
        gateGoldEpisodes.setMin(1);
        gateGoldEpisodes.setMax(ProposalGate.MAX_GOLD_EPISODES);
        gateGoldEpisodes.setStepButtonsVisible(true);

        for (LabelType type : LabelType.values()) {
            Select<ConsensusRule> rule = new Select<>();
            rule.setId("rule-" + type.jsonName());
            rule.setItems(ConsensusRule.values());
            rule.setItemLabelGenerator(r -> r == ConsensusRule.AUTO ? "Merge automatically" : "A reviewer decides");
            rule.setWidthFull();
            NumberField threshold = new NumberField();
            threshold.setId("threshold-" + type.jsonName());
            threshold.setMin(lowestThreshold(type));
            threshold.setMax(1);
            threshold.setStep(0.05);
            threshold.setWidthFull();
            if (type == LabelType.PHASE) {
                // the phase threshold is an alpha, not a share: say so where it is set (docs/workflow/review.md)
                threshold.setTooltipText("Lowest uα (Krippendorff's alpha for unitizing) of any phase class a task"
                        + " may have without review; a 1.5 s shift of a 3 s phase scores about 0.66");
            }
            rules.put(type, rule);
            thresholds.put(type, threshold);
        }
    }

    /** The ranges are the service's and the settings record's (WorkflowService.updateProject, ProjectSettings). */
    private void bind() {
        // The fields' own min/max/step checks would answer first with an empty message and refuse values between
        // steps that the service accepts; the validators below say what is wrong in words and check the service's
        // ranges (min and max stay on the fields for their step buttons).
        binder.setDefaultValidatorsEnabled(false);
        int currentOverlap = project.overlap();
        binder.forField(overlap).asRequired("Enter the overlap")
                .withValidator(v -> v >= currentOverlap && v <= MAX_OVERLAP,
                        "Overlap can grow up to " + MAX_OVERLAP + ", not shrink (it is " + currentOverlap + ")")
                .bind(d -> d.overlap, (d, v) -> d.overlap = v);
        binder.forField(goldRate).asRequired("Enter the gold rate")
                .withValidator(v -> v >= 0 && v <= 1, "The gold rate is a share between 0 and 1")
                .bind(d -> d.goldRate, (d, v) -> d.goldRate = v);
        binder.forField(lease).asRequired("Enter the lease")
                .withValidator(v -> Math.round(v * 60) >= 1 && Math.round(v * 60) <= MAX_LEASE_SECONDS,
                        "The lease is 1 second to 1 day (1440 minutes)")
                .bind(d -> d.leaseMinutes, (d, v) -> d.leaseMinutes = v);
        binder.forField(priority).bind(d -> d.priority, (d, v) -> d.priority = v == null ? 0 : v);
        binder.forField(deadline).bind(d -> d.deadline, (d, v) -> d.deadline = v);
        binder.forField(policy).asRequired("Choose a review policy")
                .bind(d -> d.reviewPolicy, (d, v) -> d.reviewPolicy = v);
        binder.forField(sample).asRequired("Enter the review sample")
                .withValidator(v -> v >= 0 && v <= 100, "The review sample is between 0 and 100 %")
                .bind(d -> d.reviewSamplePercent, (d, v) -> d.reviewSamplePercent = v);
        binder.forField(minAccuracy).asRequired("Enter the minimum gold accuracy")
                .withValidator(v -> v >= 0 && v <= 100, "The minimum gold accuracy is between 0 and 100 %")
                .bind(d -> d.minGoldAccuracyPercent, (d, v) -> d.minGoldAccuracyPercent = v);
        binder.forField(minScored).asRequired("Enter the gold tasks scored before pausing")
                .withValidator(v -> v >= 1 && v <= 1000, "Gold submissions before pausing: 1-1000")
                .bind(d -> d.minGoldScored, (d, v) -> d.minGoldScored = v);
        binder.forField(boundaryMs)
                .withValidator(v -> v == null || v >= 0 && v <= MAX_BOUNDARY_ERROR_MS,
                        "The phase boundary error limit is between 0 and 3,600,000 ms")
                .bind(d -> d.maxBoundaryErrorMs, (d, v) -> d.maxBoundaryErrorMs = v);
        binder.forField(showProposals).bind(d -> d.showProposals, (d, v) -> d.showProposals = v);
        binder.forField(gate).bind(d -> d.gate, (d, v) -> d.gate = v);
        // the gate's numbers are required only while the gate is on
        gateBindings.add(binder.forField(gatePhaseF1)
                .withValidator(v -> !gate.getValue() || v != null && v >= 0 && v <= 1,
                        "The phase F1@50 a source must reach is between 0 and 1")
                .bind(d -> d.gatePhaseF1, (d, v) -> d.gatePhaseF1 = v));
        gateBindings.add(binder.forField(gateEventF1)
                .withValidator(v -> !gate.getValue() || v != null && v >= 0 && v <= 1,
                        "The event F1 a source must reach is between 0 and 1")
                .bind(d -> d.gateEventF1, (d, v) -> d.gateEventF1 = v));
        gateBindings.add(binder.forField(gateValueAccuracy)
                .withValidator(v -> !gate.getValue() || v != null && v >= 0 && v <= 1,
                        "The value accuracy a source must reach is between 0 and 1")
                .bind(d -> d.gateValueAccuracy, (d, v) -> d.gateValueAccuracy = v));
        gateBindings.add(binder.forField(gateGoldEpisodes)
                .withValidator(v -> !gate.getValue() || v != null && v >= 1 && v <= ProposalGate.MAX_GOLD_EPISODES,
                        "Gold episodes before a source is proven: 1-" + ProposalGate.MAX_GOLD_EPISODES)
                .bind(d -> d.gateGoldEpisodes, (d, v) -> d.gateGoldEpisodes = v));
        for (LabelType type : LabelType.values()) {
            binder.forField(rules.get(type)).asRequired("Choose a consensus rule for " + type.jsonName())
                    .bind(d -> d.rules.get(type), (d, v) -> d.rules.put(type, v));
            double lowest = lowestThreshold(type);
            binder.forField(thresholds.get(type)).asRequired("Enter an agreement threshold for " + type.jsonName())
                    .withValidator(v -> v >= lowest && v <= 1, type == LabelType.PHASE
                            ? "The phase threshold is an alpha (uα) between -1 and 1"
                            : "The agreement threshold for " + type.jsonName() + " is between 0 and 1")
                    .bind(d -> d.thresholds.get(type), (d, v) -> d.thresholds.put(type, v));
        }
    }

    private void enableGateFields(boolean on) {
        List.<HasEnabled>of(gatePhaseF1, gateEventF1, gateValueAccuracy, gateGoldEpisodes)
                .forEach(field -> field.setEnabled(on));
    }

    /** Agreement thresholds are shares (0..1), except the phase one, an alpha (-1..1). */
    private static double lowestThreshold(LabelType type) {
        return type == LabelType.PHASE ? -1 : 0;
    }

    private Div perTypeTable() {
        Div perType = new Div();
        perType.setId("settings-label-types");
        perType.addClassName("settings-per-type");
        perType.add(headerCell("Label type"), headerCell("Consensus"), headerCell("Agreement threshold (0-1)"));
        for (LabelType type : LabelType.values()) {
            perType.add(new Span(type == LabelType.PHASE ? "phase (uα)" : type.jsonName()), rules.get(type),
                    thresholds.get(type));
        }
        return perType;
    }

    private static Span headerCell(String text) {
        Span cell = new Span(text);
        cell.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        return cell;
    }

    /** Saves only a valid form: otherwise the binder has marked the fields in error and nothing is sent. */
    private void save() {
        error.setVisible(false);
        if (!binder.writeBeanIfValid(draft)) {
            save.setEnabled(true);
            return;
        }
        try {
            workflow.updateProject(project.id(), draft.overlap, draft.goldRate, draft.leaseSeconds(),
                    draft.priority == null ? 0 : draft.priority, ProjectFormat.instant(draft.deadline),
                    draft.quality());
        } catch (IllegalArgumentException e) {
            error.setText(e.getMessage());
            error.setVisible(true);
            save.setEnabled(true);
            return;
        }
        Notification.show("Settings saved", 3000, Notification.Position.BOTTOM_START).setId("project-settings-saved");
        saved.run();
    }
}
