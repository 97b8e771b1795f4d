package dev.touchstone.proposal.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.common.InvalidInputException;
import dev.touchstone.proposal.ProposalService;
import dev.touchstone.proposal.ProposerConfiguration;
import dev.touchstone.proposal.ProposerSettings;
import dev.touchstone.proposal.ProposerSettingsService;
import dev.touchstone.proposal.QualitySettings;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A project's proposer settings for those who manage it (docs/proposals.md, "Settings"): each hand's streams and
 * the thresholds a project manager tunes most (contact force and pressure, arm speed, the verdict's hesitation and
 * jerk). Channels, the phase plan and the other thresholds keep their stored values here; the API changes every
 * setting. Saving stores the settings and runs the signal proposers over the project's episodes again.
 */
class ProposerSettingsForm extends VerticalLayout {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    /** One hand's streams as the form edits them; blank = not used (except the arm). */
    static final class HandStreams {
        String arm = "";
        String gripper = "";
        String wrist = "";
        String tactile = "";
    }

    /** What the form edits. */
    static final class Edit {
        final List<HandStreams> hands = new ArrayList<>();
        double forceOn;
        double forceOff;
        double pressureOn;
        double pressureOff;
        double lowSpeed;
        double highSpeed;
        double hesitation;
        double jerk;
    }

    private final ProposerSettingsService settings;
    private final ProposalService proposals;
    private final UUID projectId;
    private final Runnable saved;
    private final Paragraph problems = new Paragraph();

    ProposerSettingsForm(ProposerSettingsService settings, ProposalService proposals, UUID projectId,
                         Runnable saved) {
        this.settings = settings;
        this.proposals = proposals;
        this.projectId = projectId;
        this.saved = saved;
        setPadding(false);
        build();
    }

    private void build() {
        removeAll();
        ProposerSettingsService.ProjectProposerSettings current = settings.settings(projectId);
        ProposerConfiguration stored = current.configuration();
        Paragraph state = new Paragraph(current.stored() ? "Saved " + WHEN.format(current.updatedAt()) + " UTC"
                : "The defaults (they fit the synthetic generator's robot and the starter schema)");
        state.setId("proposer-settings-state");
        state.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);

        Binder<Edit> binder = new Binder<>();
        // The number fields' own min/max would answer first with an empty message (docs/architecture.md, "Forms").
        binder.setDefaultValidatorsEnabled(false);
        FormLayout streams = new FormLayout();
        streams.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("40em", 4));
        Edit edit = new Edit();
        for (int i = 0; i < stored.proposers().hands().size(); i++) {
            ProposerSettings.Hand hand = stored.proposers().hands().get(i);
            HandStreams h = new HandStreams();
            edit.hands.add(h);
            int index = i;
            TextField arm = text("Hand " + hand.name() + ": arm", "proposer-arm-" + i);
            binder.forField(arm).asRequired("Every hand needs its arm's joint stream")
                    .bind(e -> e.hands.get(index).arm, (e, v) -> e.hands.get(index).arm = v.strip());
            TextField gripper = text("gripper", "proposer-gripper-" + i);
            binder.forField(gripper).bind(e -> e.hands.get(index).gripper, (e, v) -> e.hands.get(index).gripper =
                    v.strip());
            TextField wrist = text("wrist force-torque", "proposer-wrist-" + i);
            binder.forField(wrist).bind(e -> e.hands.get(index).wrist, (e, v) -> e.hands.get(index).wrist =
                    v.strip());
            TextField tactile = text("tactile pads", "proposer-tactile-" + i);
            binder.forField(tactile).bind(e -> e.hands.get(index).tactile, (e, v) -> e.hands.get(index).tactile =
                    v.strip());
            h.arm = hand.armStream();
            h.gripper = hand.gripperStream() == null ? "" : hand.gripperStream();
            h.wrist = hand.wristStream() == null ? "" : hand.wristStream();
            h.tactile = hand.tactileStream() == null ? "" : hand.tactileStream();
            streams.add(arm, gripper, wrist, tactile);
        }

        NumberField forceOn = number("Contact: force on (N)", "proposer-force-on");
        NumberField forceOff = number("Contact: force off (N)", "proposer-force-off");
        NumberField pressureOn = number("Contact: pressure on (kPa)", "proposer-pressure-on");
        NumberField pressureOff = number("Contact: pressure off (kPa)", "proposer-pressure-off");
        NumberField lowSpeed = number("Arms still below (rad/s)", "proposer-low-speed");
        NumberField highSpeed = number("A movement reaches (rad/s)", "proposer-high-speed");
        NumberField hesitation = number("Verdict: hesitation from (s)", "proposer-hesitation");
        NumberField jerk = number("Verdict: jerk p95 from (rad/s³)", "proposer-jerk");
        positive(binder, forceOn).bind(e -> e.forceOn, (e, v) -> e.forceOn = v);
        positive(binder, forceOff).withValidator(v -> forceOn.getValue() == null || v < forceOn.getValue(),
                "Must be below the force that confirms a contact").bind(e -> e.forceOff, (e, v) -> e.forceOff = v);
        positive(binder, pressureOn).bind(e -> e.pressureOn, (e, v) -> e.pressureOn = v);
        positive(binder, pressureOff).withValidator(v -> pressureOn.getValue() == null || v < pressureOn.getValue(),
                "Must be below the pressure that confirms a contact")
                .bind(e -> e.pressureOff, (e, v) -> e.pressureOff = v);
        positive(binder, lowSpeed).bind(e -> e.lowSpeed, (e, v) -> e.lowSpeed = v);
        positive(binder, highSpeed).withValidator(v -> lowSpeed.getValue() == null || v > lowSpeed.getValue(),
                "Must be above the speed below which the arms are still")
                .bind(e -> e.highSpeed, (e, v) -> e.highSpeed = v);
        positive(binder, hesitation).bind(e -> e.hesitation, (e, v) -> e.hesitation = v);
        positive(binder, jerk).bind(e -> e.jerk, (e, v) -> e.jerk = v);
        ProposerSettings.ContactThresholds contact = stored.proposers().contact();
        edit.forceOn = contact.forceOnN();
        edit.forceOff = contact.forceOffN();
        edit.pressureOn = contact.pressureOnKpa();
        edit.pressureOff = contact.pressureOffKpa();
        edit.lowSpeed = stored.proposers().motion().lowSpeed();
        edit.highSpeed = stored.proposers().motion().highSpeed();
        edit.hesitation = stored.quality().verdict().hesitationSeconds();
        edit.jerk = stored.quality().verdict().jerkP95();
        binder.readBean(edit);
        FormLayout thresholds = new FormLayout(forceOn, forceOff, pressureOn, pressureOff, lowSpeed, highSpeed,
                hesitation, jerk);
        thresholds.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1),
                new FormLayout.ResponsiveStep("40em", 4));

        problems.setId("proposer-settings-problems");
        problems.addClassNames(LumoUtility.TextColor.ERROR, LumoUtility.FontSize.SMALL);
        problems.setText("");
        Button save = new Button("Save and propose again", click -> {
            problems.setText("");
            if (!binder.writeBeanIfValid(edit)) {
                return;
            }
            try {
                settings.save(projectId, configuration(stored, edit));
            } catch (IllegalArgumentException e) {
                // The service's word (a stream the episodes lack, a class the schema lacks) or a record's rule.
                problems.setText(e instanceof InvalidInputException rules ? String.join(" · ", rules.problems())
                        : e.getMessage());
                return;
            }
            proposals.proposeFromSignals(projectId);
            build();
            saved.run();
        });
        save.setId("proposer-settings-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button reset = new Button("Reset to defaults", click -> {
            settings.reset(projectId);
            proposals.proposeFromSignals(projectId);
            build();
            saved.run();
        });
        reset.setId("proposer-settings-reset");
        reset.setEnabled(current.stored());
        Paragraph help = new Paragraph("Streams by name as the episodes have them; a blank gripper, wrist or tactile"
                + " stream is not used. Channels, the phase plan and the other thresholds: the API"
                + " (/api/v1/projects/{id}/proposer-settings).");
        help.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        add(new H3("Proposer settings"), state, help, streams, thresholds, problems,
                new HorizontalLayout(save, reset));
    }

    /** The stored configuration with the form's values; a record's own rule may still refuse it. */
    static ProposerConfiguration configuration(ProposerConfiguration stored, Edit edit) {
        ProposerSettings p = stored.proposers();
        List<ProposerSettings.Hand> hands = new ArrayList<>();
        for (int i = 0; i < p.hands().size(); i++) {
            ProposerSettings.Hand h = p.hands().get(i);
            HandStreams e = edit.hands.get(i);
            hands.add(new ProposerSettings.Hand(h.name(), e.arm, h.armVelocityChannels(), blankIsNull(e.gripper),
                    h.gripperChannels(), h.gripperClosesUpwards(), blankIsNull(e.wrist), h.forceChannels(),
                    blankIsNull(e.tactile), h.tactileChannels()));
        }
        ProposerSettings.ContactThresholds c = p.contact();
        ProposerSettings.MotionThresholds m = p.motion();
        QualitySettings.VerdictThresholds v = stored.quality().verdict();
        ProposerSettings proposers = new ProposerSettings(p.binNanos(), hands,
                new ProposerSettings.ContactThresholds(edit.forceOn, edit.forceOff, edit.pressureOn, edit.pressureOff,
                        c.minContactNanos(), c.minReleaseNanos(), c.tareNanos(), c.fusionWindowNanos(),
                        c.smoothingNanos()),
                new ProposerSettings.MotionThresholds(edit.lowSpeed, edit.highSpeed, m.valleyRatio(),
                        m.minMotionNanos(), m.lowOpeningRate(), m.highOpeningRate(), m.smoothingNanos(),
                        m.maxGapNanos()),
                p.phases(), p.contactDefinition(), p.contactOnClass(), p.contactOffClass());
        QualitySettings quality = stored.quality().withVerdict(new QualitySettings.VerdictThresholds(edit.jerk,
                v.durationZ(), v.pathRatio(), edit.hesitation, v.failedAttempts(), v.longestGapSeconds(),
                v.saturationSeconds(), v.repeatedAttempts(), v.noiseRatio()));
        return new ProposerConfiguration(proposers, quality);
    }

    private static String blankIsNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Binder.BindingBuilder<Edit, Double> positive(Binder<Edit> binder, NumberField field) {
        return binder.forField(field).asRequired("Enter a number")
                .withValidator(v -> v > 0, "Must be above 0");
    }

    private static TextField text(String label, String id) {
        TextField field = new TextField(label);
        field.setId(id);
        return field;
    }

    private static NumberField number(String label, String id) {
        NumberField field = new NumberField(label);
        field.setId(id);
        field.setMin(0);
        return field;
    }
}
