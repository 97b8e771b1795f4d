package dev.touchstone.proposal;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.common.InvalidInputException;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.ingest.ImportService;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A project's stored proposer settings against the real database and generated episodes: the defaults until a
 * project manager saves some, every refusal with its reason and nothing stored, and the proposers running with what
 * is stored: a contact threshold above every force the episode has leaves it without contacts, and the defaults
 * bring them back.
 */
@TouchstoneSpringTest
class ProposerSettingsTest {

    @Autowired SignIn signIn;
    @Autowired DatasetService datasets;
    @Autowired ImportService imports;
    @Autowired LabelSchemaService schemas;
    @Autowired WorkflowService workflow;
    @Autowired ProposalService proposals;
    @Autowired ProposerSettingsService settings;
    @Autowired JsonMapper json;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void storedThresholdsAreWhatTheProposersUseAndRefusedSettingsStoreNothing() throws Exception {
        Project project = new GeneratedTriageProject(signIn, datasets, imports, schemas, workflow, proposals)
                .make(2, 7301);
        UUID projectId = project.id();
        ProposerSettingsService.ProjectProposerSettings defaults = settings.settings(projectId);
        assertThat(defaults.stored()).isFalse();
        assertThat(defaults.configuration()).isEqualTo(ProposerConfiguration.defaults());
        assertThat(contactLabels(projectId)).as("contacts with the default thresholds").isPositive();

        // Refused, each with its reason, and nothing stored.
        assertThatThrownBy(() -> settings.patch(projectId, json.readTree(
                "{\"proposers\": {\"contact\": {\"forceOffN\": -0.5}}}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("proposers.contact").hasMessageContaining("0 < off < on");
        assertThatThrownBy(() -> settings.patch(projectId, json.readTree(
                "{\"proposers\": {\"contact\": {\"tareNanos\": -1}}}")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> settings.patch(projectId, json.readTree(
                "{\"proposers\": {\"contact\": {\"forceOn\": 2}}}")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("forceOn");
        ProposerSettings.Hand left = ProposerSettings.defaults().hands().getFirst();
        ProposerSettings.Hand wrong = new ProposerSettings.Hand("left", "left_arm/joints",
                List.of("elbow/velocity", "elbow/jerk"), left.gripperStream(), left.gripperChannels(), true,
                "left_wrist/ft", left.forceChannels(), null, List.of());
        ProposerConfiguration unknown = new ProposerConfiguration(ProposerSettings.defaults().withHands(
                List.of(wrong)), QualitySettings.defaults());
        assertThatThrownBy(() -> settings.save(projectId, unknown))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).containsExactly(
                        "hand left: arm: stream 'left_arm/joints' has no channel 'elbow/jerk'; it has 21 channels,"
                                + " e.g. 'shoulder_pitch/position'",
                        "hand left: wrist force-torque: the project's episode '" + firstEpisodeName(projectId)
                                + "' has no stream 'left_wrist/ft'; it has " + streamList(projectId)));
        ProposerSettings p = ProposerSettings.defaults();
        ProposerConfiguration badPlan = new ProposerConfiguration(new ProposerSettings(p.binNanos(), p.hands(),
                p.contact(), p.motion(), new ProposerSettings.PhasePlan("phase", List.of(
                new ProposerSettings.PhaseRule("reach", ProposerSettings.Landmark.EPISODE_START),
                new ProposerSettings.PhaseRule("hover", ProposerSettings.Landmark.APPROACH_START))),
                "contact", "contact-on", "touch"), QualitySettings.defaults());
        assertThatThrownBy(() -> settings.save(projectId, badPlan))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).containsExactly(
                        "phase plan: the schema's 'phase' has no class 'hover'",
                        "contact: the schema's 'contact' has no class 'touch'"));
        assertThat(settings.settings(projectId).stored()).as("nothing stored").isFalse();

        // Above every force and pressure of the episodes: no contact is confirmed.
        Instant before = Instant.now();
        ProposerSettingsService.ProjectProposerSettings saved = settings.patch(projectId, json.readTree("""
                {"proposers": {"contact": {"forceOnN": 5000, "forceOffN": 4000,
                                           "pressureOnKpa": 5000, "pressureOffKpa": 4000}}}"""));
        assertThat(saved.stored()).isTrue();
        assertThat(saved.configuration().proposers().contact().forceOnN()).isEqualTo(5000);
        assertThat(saved.configuration().proposers().motion()).as("the rest kept")
                .isEqualTo(ProposerSettings.MotionThresholds.defaults());
        proposals.proposeFromSignals(projectId);
        awaitRerun(projectId, before);
        assertThat(contactLabels(projectId)).as("contacts above 5000 N").isZero();

        Instant reset = Instant.now();
        assertThat(settings.reset(projectId).stored()).isFalse();
        proposals.proposeFromSignals(projectId);
        awaitRerun(projectId, reset);
        assertThat(contactLabels(projectId)).as("the defaults again").isPositive();

        signIn.as("qa@acme.test");
        assertThat(settings.settings(projectId).configuration()).isEqualTo(ProposerConfiguration.defaults());
        assertThatThrownBy(() -> settings.reset(projectId)).isInstanceOf(AccessDeniedException.class);
        signIn.as("admin@globex.test");
        assertThatThrownBy(() -> settings.settings(projectId)).isInstanceOf(NotFoundInOrganizationException.class);
    }

    private int contactLabels(UUID projectId) {
        return proposals.sets(projectId).stream().filter(s -> s.source().equals(SignalProposers.contactSource()))
                .mapToInt(ProposalSet::labels).sum();
    }

    /** Until every episode's contact and verdict sets were stored after {@code since}. */
    private void awaitRerun(UUID projectId, Instant since) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<ProposalSet> sets = proposals.sets(projectId);
            long fresh = sets.stream().filter(s -> s.source().equals(QualityProposers.VERDICT_SOURCE)
                    || s.source().equals(SignalProposers.contactSource()))
                    .filter(s -> s.createdAt().isAfter(since)).count();
            if (fresh == 4) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the proposers did not run again");
    }

    private String firstEpisodeName(UUID projectId) {
        UUID first = proposals.episodes(projectId).getFirst();
        return datasets.episode(first).orElseThrow().episode().name();
    }

    private String streamList(UUID projectId) {
        UUID first = proposals.episodes(projectId).getFirst();
        List<String> names = datasets.episode(first).orElseThrow().streams().stream()
                .map(dev.touchstone.dataset.StreamInfo::name).toList();
        return String.join(", ", names.stream().limit(12).toList()) + (names.size() > 12 ? ", …" : "");
    }
}
