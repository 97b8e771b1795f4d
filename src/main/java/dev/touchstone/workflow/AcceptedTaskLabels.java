package dev.touchstone.workflow;

import dev.touchstone.labeling.Label;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.UUID;

/**
 * The accepted labels of one task for modules that hear {@link TaskAccepted} and keep their own rows (the curation
 * module's label-sourced factors). Trusted: the caller names the organization the event carries; a consensus accepted
 * without review publishes the event with an annotator signed in, who may not read projects.
 */
@Component
public class AcceptedTaskLabels {

    private final AcceptedLabelRepository repository;
    private final LabelsJson json;

    AcceptedTaskLabels(AcceptedLabelRepository repository, LabelsJson json) {
        this.repository = repository;
        this.json = json;
    }

    /** Empty when the task is not accepted or not in the organization. */
    @Transactional(readOnly = true)
    public List<Label> labels(UUID organizationId, UUID taskId) {
        return repository.finalLabels(organizationId, taskId).map(j -> json.labels(j.data())).orElse(List.of());
    }
}
