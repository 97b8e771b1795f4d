package dev.touchstone.workflow;

import dev.touchstone.labeling.DraftLifecycle;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.player.AcceptedLabelSource;
import dev.touchstone.player.views.LabelTracks;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The accepted labels of an episode for the player page (docs/player.md): per project, the final labels of its
 * accepted tasks (a task per time window, so together they are the project's labels of the episode), as one read-only
 * lane per phase or event definition, named with the project. Values and boxes stay on the review pages.
 */
@Service
@PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
class AcceptedLabelTracks implements AcceptedLabelSource {

    /** Who accepted a task that no one reviewed: the consensus itself. */
    static final String CONSENSUS = "consensus";

    private final CurrentOrganization current;
    private final AcceptedLabelRepository repository;
    private final DraftLifecycle drafts;
    private final LabelsJson json;

    AcceptedLabelTracks(CurrentOrganization current, AcceptedLabelRepository repository, DraftLifecycle drafts,
                        LabelsJson json) {
        this.current = current;
        this.repository = repository;
        this.drafts = drafts;
        this.json = json;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Accepted> accepted(UUID episodeId) {
        UUID org = current.id();
        Map<UUID, List<AcceptedLabelRepository.AcceptedTask>> byProject = new LinkedHashMap<>();
        for (AcceptedLabelRepository.AcceptedTask task : repository.acceptedTasks(org, episodeId)) {
            byProject.computeIfAbsent(task.projectId(), p -> new ArrayList<>()).add(task);
        }
        List<Accepted> accepted = new ArrayList<>();
        byProject.forEach((projectId, tasks) -> {
            AcceptedLabelRepository.AcceptedTask newest = tasks.getFirst();
            LabelSchema schema = drafts.schema(org, newest.schemaVersionId()).orElseThrow();
            List<Label> labels = new ArrayList<>();
            Set<String> by = new LinkedHashSet<>();
            for (AcceptedLabelRepository.AcceptedTask task : tasks) {
                labels.addAll(json.labels(task.finalLabels().data()));
                by.add(task.acceptedBy() == null ? CONSENSUS : task.acceptedBy());
            }
            Instant at = newest.acceptedAt() == null ? null : newest.acceptedAt().toInstant();
            accepted.add(new Accepted(newest.projectName(), List.copyOf(by), at,
                    tracks("accepted-" + projectId, newest.projectName(), schema, labels)));
        });
        return accepted;
    }

    /** A lane per phase and event definition that has labels: "Phase · Project name". */
    static List<LabelTracks.Track> tracks(String idPrefix, String owner, LabelSchema schema, List<Label> labels) {
        List<LabelTracks.Track> tracks = new ArrayList<>();
        for (LabelSchema.Definition d : schema.definitions()) {
            if (d.type() != LabelType.PHASE && d.type() != LabelType.EVENT) {
                continue;
            }
            LabelTracks.Track lane = LabelLanes.lane(idPrefix + "-" + d.key(), d.name() + " · " + owner, labels, d,
                    Set.of(), "");
            if (!lane.segments().isEmpty() || !lane.events().isEmpty()) {
                tracks.add(lane);
            }
        }
        return tracks;
    }
}
