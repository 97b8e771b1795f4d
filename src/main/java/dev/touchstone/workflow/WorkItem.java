package dev.touchstone.workflow;

import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.LabelSchema;

/**
 * What the annotator's workspace needs for one assignment: the draft (made on first open), the project's schema,
 * the episode, and the QA lead's comment when the work was returned.
 *
 * @param heartbeatSeconds how often the workspace should renew the lease while the annotator is active
 * @param showProposals    the project's "annotators see proposals" ({@link ProjectSettings#showProposals()})
 */
public record WorkItem(Assignment assignment, Draft draft, LabelSchema schema, EpisodeDetail episode,
                       String returnComment, int heartbeatSeconds, boolean showProposals) {
}
