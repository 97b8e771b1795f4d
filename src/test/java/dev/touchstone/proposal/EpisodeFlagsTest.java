package dev.touchstone.proposal;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.ingest.ImportService;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import dev.touchstone.labeling.ProposedLabel;
import dev.touchstone.organization.NotFoundInOrganizationException;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The quality proposers run with the signal proposers: each generated demo episode gets its flags stored, and slip,
 * grasp outcome and suggested verdict sets; triage reads the flags with the task-relative ones computed over the
 * project's episodes.
 */
@TouchstoneSpringTest
class EpisodeFlagsTest {

    @Autowired
    ProposalService proposals;
    @Autowired
    SignIn signIn;
    @Autowired
    DSLContext dsl;
    @Autowired
    DatasetService datasets;
    @Autowired
    ImportService imports;
    @Autowired
    LabelSchemaService schemas;
    @Autowired
    WorkflowService workflow;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void generatedEpisodesGetStoredFlagsAVerdictAndAnOutcome() throws Exception {
        Project project = new GeneratedTriageProject(signIn, datasets, imports, schemas, workflow, proposals)
                .make(3, 7);
        UUID projectId = project.id();
        List<UUID> episodes = dsl.fetch("select distinct episode_id from task where project_id = ?", projectId)
                .getValues(0, UUID.class);
        List<EpisodeFlags> flags = proposals.flags(projectId);
        assertThat(flags).extracting(EpisodeFlags::episodeId).containsExactlyInAnyOrderElementsOf(episodes);
        assertThat(dsl.fetch("select distinct key from episode_flag where project_id = ?", projectId)
                .getValues(0, String.class)).as("measured flags stored, task-relative ones computed when read")
                .contains(QualityFlags.HESITATION, QualityFlags.PATH_LENGTH)
                .doesNotContain(QualityFlags.PATH_RATIO, QualityFlags.DURATION_Z);

        double[] paths = flags.stream().mapToDouble(f -> f.value(QualityFlags.PATH_LENGTH)).sorted().toArray();
        double median = paths.length % 2 == 1 ? paths[paths.length / 2]
                : (paths[paths.length / 2 - 1] + paths[paths.length / 2]) / 2;
        assertThat(Arrays.stream(paths).allMatch(Double::isFinite)).isTrue();
        for (EpisodeFlags f : flags) {
            assertThat(f.flags()).extracting(Flag::key).contains(QualityFlags.HESITATION, QualityFlags.JERK_P95,
                    QualityFlags.DURATION, QualityFlags.IDLE_HEAD, QualityFlags.PATH_RATIO, QualityFlags.DURATION_Z);
            assertThat(f.flags()).allSatisfy(flag -> assertThat(flag.unit()).isNotBlank());
            // path.ratio is the episode's path length over the median of the project's episodes.
            assertThat(f.value(QualityFlags.PATH_RATIO))
                    .isCloseTo(f.value(QualityFlags.PATH_LENGTH) / median, within(1e-9));
            assertThat(f.value(QualityFlags.DURATION_Z)).isFinite();
            assertThat(f.trimEndNanos()).isGreaterThan(f.trimStartNanos());
            assertThat(f.verdict().definition()).isEqualTo("quality");
            assertThat(f.verdict().accept()).isEqualTo(f.verdict().classes().isEmpty());
            assertThat(QualityProposers.REASONS).containsAll(f.verdict().classes());
            assertThat(f.outcome()).isIn("success", "slip", "fail");
            assertThat(f.proposals()).isPositive();
            assertThat(f.lowestConfidence()).isBetween(0.0, f.meanConfidence());
            assertThat(f.meanConfidence()).isLessThanOrEqualTo(1.0);

            List<ProposedLabel> stored = proposals.proposalsFor(projectId, f.episodeId());
            ProposedLabel verdict = stored.stream().filter(p -> p.source().equals("signals.verdict")).findFirst()
                    .orElseThrow();
            // The stored verdict is the one triage computes: both weigh the project's other episodes.
            assertThat(verdict.label()).isInstanceOfSatisfying(Label.Value.class, v -> {
                assertThat(v.definition()).isEqualTo("quality");
                assertThat(v.accept()).isEqualTo(f.verdict().accept());
                assertThat(v.classes()).isEqualTo(f.verdict().classes());
            });
            ProposedLabel outcome = stored.stream().filter(p -> p.source().equals("signals.outcome")).findFirst()
                    .orElseThrow();
            assertThat(outcome.label()).isInstanceOfSatisfying(Label.Value.class, v -> {
                assertThat(v.definition()).isEqualTo("grasp_outcome");
                assertThat(v.classes()).containsExactly(f.outcome());
            });
            assertThat(stored).filteredOn(p -> p.source().equals("signals.slip")).allSatisfy(p ->
                    assertThat(p.label()).isInstanceOfSatisfying(Label.Event.class, e ->
                            assertThat(e.classKey()).isEqualTo("slip")));
        }

        assertThat(flags).allSatisfy(f -> assertThat(f.withoutConfidence()).as("signal proposers always say")
                .isZero());

        // A model's predictions without a confidence count as proposals without one; the lowest and mean stay
        // those of the proposals that have one.
        EpisodeFlags before = flags.getFirst();
        proposals.store(projectId, before.episodeId(), "vlm", "1", List.of(
                new Label.Event(UUID.randomUUID(), "contact", "contact-on", 1_000_000_000L),
                new Label.Event(UUID.randomUUID(), "contact", "contact-off", 2_000_000_000L)), null);
        EpisodeFlags after = proposals.flags(projectId).stream()
                .filter(f -> f.episodeId().equals(before.episodeId())).findFirst().orElseThrow();
        assertThat(after.proposals()).isEqualTo(before.proposals() + 2);
        assertThat(after.withoutConfidence()).isEqualTo(2);
        assertThat(after.lowestConfidence()).isEqualTo(before.lowestConfidence());
        assertThat(after.meanConfidence()).isEqualTo(before.meanConfidence());

        signIn.as("annotator@acme.test");
        assertThatThrownBy(() -> proposals.flags(projectId)).isInstanceOf(AccessDeniedException.class);
        signIn.as("admin@globex.test");
        assertThatThrownBy(() -> proposals.flags(projectId)).isInstanceOf(NotFoundInOrganizationException.class);
    }
}
