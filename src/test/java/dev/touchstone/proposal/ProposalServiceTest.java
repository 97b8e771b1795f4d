package dev.touchstone.proposal;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.InvalidLabelsException;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.ProposedLabel;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.quality.SourceLabels;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowFixtures;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stored proposals against the real database: the demo's generated episodes get phase and contact proposals from
 * their signals, another organization sees none of them, an episode without the configured sensors gets a reason
 * instead of a failure, and a stored set is validated and replaced as a whole.
 */
@TouchstoneSpringTest
class ProposalServiceTest {

    private static final String DEMO_PROJECT = "Pick and place · labeling demo";
    private static final long SECOND = 1_000_000_000L;

    @Autowired
    ProposalService proposals;
    @Autowired
    StoredProposalSources sources;
    @Autowired
    SignIn signIn;
    @Autowired
    DSLContext dsl;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodeStore store;
    @Autowired
    CurrentOrganization current;
    @Autowired
    LabelSchemaService schemas;
    @Autowired
    OrganizationProvisioning provisioning;
    @Autowired
    WorkflowService workflow;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void theDemoProjectsGeneratedEpisodesGetPhaseAndContactProposalsOnlyItsOrganizationSees() throws Exception {
        UUID projectId = demoProject();
        List<UUID> episodes = dsl.fetch("select distinct episode_id from task where project_id = ?", projectId)
                .getValues(0, UUID.class);
        // The demo seeds them in the background: wait until every episode has its five sets (contact, phase, slip,
        // grasp outcome, verdict).
        int sets = 0;
        for (int attempt = 0; attempt < 240 && sets < 5 * episodes.size(); attempt++) {
            sets = dsl.fetchSingle("select count(*)::int from proposal_set where project_id = ?", projectId)
                    .get(0, Integer.class);
            if (sets < 5 * episodes.size()) {
                Thread.sleep(500);
            }
        }
        assertThat(sets).as("five signal sets per demo episode").isEqualTo(5 * episodes.size());

        signIn.as("annotator@acme.test");
        assertThatThrownBy(() -> proposals.sets(projectId)).isInstanceOf(AccessDeniedException.class);
        signIn.as("pm@acme.test");
        assertThat(proposals.sets(projectId)).allSatisfy(set -> {
            assertThat(set.note()).as("episode %s, %s", set.episodeId(), set.source()).isNull();
            if (!set.source().equals("signals.slip")) {
                // An episode without a drop has no slip to propose.
                assertThat(set.labels()).as(set.source()).isPositive();
            }
        });
        UUID episode = episodes.getFirst();
        List<ProposedLabel> proposed = proposals.proposalsFor(projectId, episode);
        List<ProposedLabel> phases = proposed.stream().filter(p -> p.source().equals("signals.phase")).toList();
        List<ProposedLabel> contacts = proposed.stream().filter(p -> p.source().equals("signals.contact")).toList();
        assertThat(phases).isNotEmpty().allSatisfy(p -> {
            assertThat(p.version()).isEqualTo(SignalProposers.phaseVersion());
            assertThat(p.label()).isInstanceOfSatisfying(Label.Phase.class, phase -> {
                assertThat(phase.definition()).isEqualTo("phase");
                assertThat(phase.track()).isEqualTo("main");
                assertThat(phase.end()).isGreaterThan(phase.start());
            });
            assertThat(p.evidence()).isNotEmpty();
        });
        assertThat(phases.getFirst().label()).extracting(l -> ((Label.Phase) l).classKey()).isEqualTo("reach");
        assertThat(contacts).isNotEmpty().allSatisfy(p -> {
            assertThat(p.label()).isInstanceOfSatisfying(Label.Event.class, event -> {
                assertThat(event.definition()).isEqualTo("contact");
                assertThat(event.classKey()).isIn("contact-on", "contact-off");
            });
            assertThat(p.confidence()).isBetween(0.0, 1.0);
            assertThat(p.evidence()).isNotEmpty();
        });
        // Stored labels come back as they were stored: the same ids on every read.
        assertThat(proposals.proposalsFor(projectId, episode)).extracting(p -> p.label().id())
                .containsExactlyElementsOf(proposed.stream().map(p -> p.label().id()).toList());
        // A set of an older version is not enough: proposers with new rules propose again on the next read.
        dsl.execute("update proposal_set set version = 'superseded' where project_id = ? and episode_id = ?"
                + " and source = 'signals.phase'", projectId, episode);
        assertThat(proposals.proposalsFor(projectId, episode)).filteredOn(p -> p.source().equals("signals.phase"))
                .isNotEmpty().allSatisfy(p -> assertThat(p.version()).isEqualTo(SignalProposers.phaseVersion()));
        // Quality reads the same sets through its interface.
        assertThat(sources.proposalLabels(current.id(), projectId)).extracting(SourceLabels::source)
                .contains("signals.phase", "signals.contact");

        signIn.as("admin@globex.test");
        assertThatThrownBy(() -> proposals.proposalsFor(projectId, episode))
                .isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> proposals.sets(projectId)).isInstanceOf(NotFoundInOrganizationException.class);
        assertThat(sources.proposalLabels(current.id(), projectId)).isEmpty();
    }

    @Test
    void anEpisodeWithoutTheConfiguredSensorsGetsTheReasonNotAFailure() throws Exception {
        Project project = fixtures().project(2, 12, WorkflowFixtures.settings(1, 0, 600));
        UUID first = episodes(project.id()).getFirst();
        signIn.as("pm@acme.test");
        assertThat(proposals.proposalsFor(project.id(), first)).as("lazily run, nothing to propose").isEmpty();
        assertThat(proposals.sets(project.id())).hasSize(5).allSatisfy(set -> {
            assertThat(set.labels()).isZero();
            assertThat(set.note()).as(set.source()).contains("The episode has no stream 'left_wrist/force_torque'");
        });
        // The background run over the whole project records the same reason for the second episode.
        assertThat(proposals.proposeFromSignals(project.id())).isEqualTo(2);
        List<ProposalSet> sets = List.of();
        for (int attempt = 0; attempt < 100 && sets.size() < 10; attempt++) {
            sets = proposals.sets(project.id());
            if (sets.size() < 10) {
                Thread.sleep(200);
            }
        }
        assertThat(sets).hasSize(10).allSatisfy(set -> assertThat(set.note()).isNotBlank());
    }

    @Test
    void aStoredSetIsValidatedWholeAndReplacedByTheNextOfTheSameSourceAndVersion() {
        Project project = fixtures().project(1, 12, WorkflowFixtures.settings(1, 0, 600));
        UUID episode = episodes(project.id()).getFirst();
        signIn.as("pm@acme.test");
        UUID reach = UUID.randomUUID();
        UUID contact = UUID.randomUUID();
        List<Label> labels = List.of(new Label.Phase(reach, "phase", "main", "reach", 0, 2 * SECOND),
                new Label.Event(contact, "contact", "contact-on", SECOND));
        ProposalSet stored = proposals.store(project.id(), episode, "vlm-segmenter", "2026-11", labels,
                Map.of(reach, 0.8));
        assertThat(stored.labels()).isEqualTo(2);
        assertThat(stored.createdBy()).isNotNull();

        // One bad label refuses the whole set: the stored one stays as it was.
        List<Label> bad = List.of(new Label.Phase(UUID.randomUUID(), "phase", "main", "reach", 0, SECOND),
                new Label.Phase(UUID.randomUUID(), "phase", "main", "no-such-class", 3 * SECOND, 2 * SECOND),
                new Label.Event(UUID.randomUUID(), "no-such-definition", "x", SECOND));
        assertThatThrownBy(() -> proposals.store(project.id(), episode, "vlm-segmenter", "2026-11", bad, Map.of()))
                .isInstanceOfSatisfying(InvalidLabelsException.class, e -> assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(2));
        assertThatThrownBy(() -> proposals.store(project.id(), episode, "vlm-segmenter", "2026-11", labels,
                Map.of(reach, 1.5, UUID.randomUUID(), 0.5)))
                .isInstanceOfSatisfying(InvalidLabelsException.class, e -> assertThat(e.problems()).hasSize(2));
        assertThatThrownBy(() -> proposals.store(project.id(), episode, "signals.phase", "9", labels, Map.of()))
                .isInstanceOf(InvalidLabelsException.class);
        List<ProposedLabel> read = proposals.proposalsFor(project.id(), episode).stream()
                .filter(p -> p.source().equals("vlm-segmenter")).toList();
        assertThat(read).extracting(p -> p.label().id()).containsExactly(reach, contact);
        assertThat(read).extracting(ProposedLabel::confidence).containsExactly(0.8, null);

        // The same source and version again replaces the set (same row, new labels).
        UUID grasp = UUID.randomUUID();
        ProposalSet again = proposals.store(project.id(), episode, "vlm-segmenter", "2026-11",
                List.of(new Label.Phase(grasp, "phase", "main", "grasp", SECOND, 3 * SECOND)), null);
        assertThat(again.id()).isEqualTo(stored.id());
        assertThat(proposals.proposalsFor(project.id(), episode).stream()
                .filter(p -> p.source().equals("vlm-segmenter")).map(p -> p.label().id())).containsExactly(grasp);
        // A newer version of the source is what the workspace gets; the older one stays for scoring.
        UUID later = UUID.randomUUID();
        proposals.store(project.id(), episode, "vlm-segmenter", "2026-12",
                List.of(new Label.Event(later, "contact", "contact-off", 2 * SECOND)), Map.of(later, 0.25));
        assertThat(proposals.proposalsFor(project.id(), episode).stream()
                .filter(p -> p.source().equals("vlm-segmenter")).map(p -> p.label().id())).containsExactly(later);
        assertThat(sources.proposalLabels(current.id(), project.id())).extracting(SourceLabels::version)
                .containsExactlyInAnyOrder("2026-11", "2026-12");

        // Another project's episode is not in this one.
        Project other = fixtures().project(1, 12, WorkflowFixtures.settings(1, 0, 600));
        UUID foreign = episodes(other.id()).getFirst();
        signIn.as("pm@acme.test");
        assertThatThrownBy(() -> proposals.store(project.id(), foreign, "vlm-segmenter", "1", labels, Map.of()))
                .isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> proposals.proposalsFor(project.id(), foreign))
                .isInstanceOf(NotFoundInOrganizationException.class);
        signIn.as("annotator@acme.test");
        assertThatThrownBy(() -> proposals.store(project.id(), episode, "vlm-segmenter", "3", labels, Map.of()))
                .isInstanceOf(AccessDeniedException.class);
    }

    private UUID demoProject() throws InterruptedException {
        Optional<UUID> project = Optional.empty();
        for (int attempt = 0; attempt < 240 && project.isEmpty(); attempt++) {
            project = dsl.fetchOptional("""
                    select p.id from project p join organization o on o.id = p.organization_id
                     where o.slug = 'acme' and p.name = ?""", DEMO_PROJECT).map(r -> r.get(0, UUID.class));
            if (project.isEmpty()) {
                Thread.sleep(500);
            }
        }
        return project.orElseThrow(() -> new AssertionError("the demo project was not made"));
    }

    private List<UUID> episodes(UUID projectId) {
        return dsl.fetch("select distinct episode_id from task where project_id = ? order by 1", projectId)
                .getValues(0, UUID.class);
    }

    private WorkflowFixtures fixtures() {
        return new WorkflowFixtures(signIn, datasets, store, current, schemas, provisioning, workflow);
    }
}
