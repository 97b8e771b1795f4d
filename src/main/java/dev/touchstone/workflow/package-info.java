/**
 * Work distribution: projects (a dataset + a label schema version + workflow settings), their tasks (an episode or
 * a time window of one), and the queue that gives each annotator their next task as a leased assignment
 * (docs/workflow/queue.md). A submission is routed through gold scoring, pausing, consensus (overlap) and review
 * ({@link dev.touchstone.workflow.ReviewService}: accept, edit the consensus, return with comments;
 * docs/workflow/review.md); workflow hands every merge and gold score to {@link dev.touchstone.quality.QualityFeed}
 * and implements the interfaces through which quality reads workflow's data ({@code QualitySources},
 * {@code ui.WorkflowQualityProjects}) and proposal reads projects ({@code WorkflowProposalProjects}). Screens: My work, the assignment workspace, projects, the
 * review inbox and review (docs/workflow/screens.md).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Workflow", allowedDependencies = {
        "audit", "common", "dataset", "labeling", "organization", "player", "player :: views",
        "proposal", "quality"})
package dev.touchstone.workflow;
