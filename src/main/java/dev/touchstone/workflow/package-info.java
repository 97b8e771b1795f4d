/**
 * Work distribution: projects (a dataset + a label schema version + workflow settings), their tasks (an episode or
 * a time window of one), and the queue that gives each annotator their next task as a leased assignment
 * (docs/workflow/queue.md). Consensus, review and gold scoring build on these tables later.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Workflow")
package dev.touchstone.workflow;
