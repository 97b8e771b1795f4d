package dev.touchstone.proposal;

import dev.touchstone.SignIn;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.ingest.ImportJob;
import dev.touchstone.ingest.ImportService;
import dev.touchstone.ingest.ImportState;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.workflow.NewProject;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A project over freshly generated (small) demo-like episodes with the starter schema, after the signal and quality
 * proposers have gone over all of it (the verdicts rewritten against the project's episodes). Signed in as the PM.
 */
public record GeneratedTriageProject(SignIn signIn, DatasetService datasets, ImportService imports,
                                     LabelSchemaService schemas, WorkflowService workflow,
                                     ProposalService proposals) {

    public Project make(int episodes, long seed) throws InterruptedException {
        signIn.as("pm@acme.test");
        Dataset dataset = datasets.create("triage " + UUID.randomUUID(), "");
        ImportJob job = imports.generate(dataset.id(), episodes, seed, true);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!imports.job(job.id()).orElseThrow().finished() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        ImportJob done = imports.job(job.id()).orElseThrow();
        if (done.state() != ImportState.SUCCEEDED) {
            throw new AssertionError("generator import: " + done);
        }
        LabelSchema starter = LabelSchemaJson.humanoidStarter();
        UUID version = schemas.create(new LabelSchema("triage " + UUID.randomUUID(), "", starter.definitions())).id();
        Project project = workflow.createProject(new NewProject("triage " + UUID.randomUUID(), dataset.id(), version,
                1, 0, 600, 0, null, null, Set.of()));
        proposals.proposeFromSignals(project.id());
        // Done when every episode has its five signal sets and the stored verdicts are those triage computes (they
        // are rewritten last, once every episode is measured).
        while (System.nanoTime() < deadline) {
            List<EpisodeFlags> flags = proposals.flags(project.id());
            long sets = proposals.sets(project.id()).size();
            if (flags.size() == episodes && sets == 5L * episodes && flags.stream().allMatch(f ->
                    proposals.proposalsFor(project.id(), f.episodeId()).stream()
                            .filter(p -> p.source().equals(QualityProposers.VERDICT_SOURCE))
                            .anyMatch(p -> p.label() instanceof dev.touchstone.labeling.Label.Value v
                                    && v.classes().equals(f.verdict().classes())
                                    && java.util.Objects.equals(v.accept(), f.verdict().accept())))) {
                return project;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the proposers did not finish on the generated project");
    }
}
