package dev.touchstone.workflow;

import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.labeling.DraftLifecycle;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.quality.AnnotatorLabels;
import dev.touchstone.quality.Consensus;
import dev.touchstone.quality.ConsensusResult;
import dev.touchstone.quality.GoldResult;
import dev.touchstone.quality.GoldScore;
import dev.touchstone.quality.MergedTask;
import dev.touchstone.quality.MergedTasks;
import dev.touchstone.quality.QualityDirectory;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What quality needs of workflow's data, through the interfaces quality owns: the merged tasks of a project again
 * (their consensus re-run from the stored submissions, exactly as {@link TaskOutcomes#complete} ran it) and its gold
 * scores, for a rebuild of the aggregates; and projects, tasks' episodes and annotators' names for the dashboard.
 * Callers are quality's services, which have checked the member's role.
 */
@Component
class QualitySources implements MergedTasks, QualityDirectory {

    private final QualitySourceRepository repository;
    private final WorkflowRepository workflow;
    private final ReviewRepository reviews;
    private final DraftLifecycle drafts;
    private final DatasetService datasets;
    private final EpisodeStore episodeStore;
    private final JsonMapper json;
    private final LabelsJson labels;

    QualitySources(QualitySourceRepository repository, WorkflowRepository workflow, ReviewRepository reviews,
                   DraftLifecycle drafts, DatasetService datasets, EpisodeStore episodeStore, JsonMapper json,
                   LabelsJson labels) {
        this.labels = labels;
        this.repository = repository;
        this.workflow = workflow;
        this.reviews = reviews;
        this.drafts = drafts;
        this.datasets = datasets;
        this.episodeStore = episodeStore;
        this.json = json;
    }

    @Override
    public int count(UUID organizationId, UUID projectId) {
        return repository.countMerged(organizationId, projectId);
    }

    @Override
    public List<MergedTask> remerge(UUID organizationId, UUID projectId, UUID afterTaskId, int limit) {
        Map<UUID, LabelSchema> schemas = new HashMap<>();
        List<MergedTask> merged = new ArrayList<>();
        for (QualitySourceRepository.MergedTaskRow row : repository.merged(organizationId, projectId, afterTaskId,
                limit)) {
            merged.add(remerge(organizationId, row.taskId(), row.completedAt().toInstant(), schemas));
        }
        return merged;
    }

    /** The consensus of one merged task again, from the stored submissions, as {@link TaskOutcomes#complete}. */
    private MergedTask remerge(UUID organizationId, UUID taskId, Instant completedAt, Map<UUID, LabelSchema> schemas) {
        ReviewRepository.TaskRow task = reviews.task(organizationId, taskId, false).orElseThrow();
        LabelSchema schema = schemas.computeIfAbsent(task.schemaVersionId(),
                version -> drafts.schema(organizationId, version).orElseThrow());
        EpisodeDetail episode = datasets.episode(task.episodeId())
                .orElseThrow(() -> new NotFoundInOrganizationException("Episode"));
        List<AnnotatorLabels> submissions = new ArrayList<>();
        for (ReviewRepository.SubmittedRow row : reviews.work(organizationId, taskId)) {
            if (row.state() == AssignmentState.SUBMITTED && row.submissionId() != null) {
                submissions.add(new AnnotatorLabels(row.annotatorId(),
                        drafts.submittedLabels(organizationId, row.submissionId()).orElse(List.of())));
            }
        }
        long frameNanos = TaskOutcomes.frameNanos(episode);
        ConsensusResult result = Consensus.merge(schema, episode.episode().durationNanos(), frameNanos, submissions);
        return new MergedTask(organizationId, task.projectId(), taskId, completedAt, schema,
                episode.episode().durationNanos(), frameNanos, submissions, result);
    }

    @Override
    public List<GoldResult> goldResults(UUID organizationId, UUID projectId) {
        return repository.goldScores(organizationId, projectId).stream()
                .map(g -> new GoldResult(organizationId, projectId, g.annotatorId(), g.assignmentId(), g.taskId(),
                        new GoldScore(json.readValue(g.perDefinition(), new TypeReference<Map<String, Double>>() {
                        }), g.score()), g.scoredAt().toInstant()))
                .toList();
    }

    @Override
    public List<ReferenceTask> referenceLabels(UUID organizationId, UUID projectId, Collection<UUID> episodeIds) {
        if (episodeIds.isEmpty()) {
            return List.of();
        }
        Map<UUID, EpisodeDetail> episodes = new HashMap<>();
        List<ReferenceTask> out = new ArrayList<>();
        for (QualitySourceRepository.ReferenceRow row : repository.references(organizationId, projectId,
                episodeIds)) {
            // the trusted read: the episodes are the project's (the rows above), and the caller may be an annotator
            // whose workspace asks for the proposal gate's scores; they get numbers, never these episodes
            EpisodeDetail episode = episodes.computeIfAbsent(row.episodeId(), id -> episodeStore
                    .episode(organizationId, id).orElseThrow(() -> new NotFoundInOrganizationException("Episode")));
            // accepted labels that are the gold answer (a gold task merged, TaskOutcomes; or promoted to gold) count once,
            // as gold
            List<Label> accepted = row.finalLabels() == null || row.goldAnswered() ? null
                    : labels.labels(row.finalLabels());
            out.add(new ReferenceTask(row.taskId(), row.episodeId(), row.windowStartNanos(), row.windowEndNanos(),
                    episode.episode().durationNanos(), TaskOutcomes.frameNanos(episode),
                    row.goldLabels() == null ? null : labels.labels(row.goldLabels()), accepted));
        }
        return out;
    }

    @Override
    public boolean projectExists(UUID organizationId, UUID projectId) {
        return workflow.projectExists(organizationId, projectId);
    }

    @Override
    public Map<UUID, TaskEpisode> taskEpisodes(UUID organizationId, Collection<UUID> taskIds) {
        Map<UUID, TaskEpisode> episodes = new HashMap<>();
        repository.taskEpisodes(organizationId, taskIds)
                .forEach(r -> episodes.put(r.taskId(), new TaskEpisode(r.episodeId(), r.episodeName())));
        return episodes;
    }

    @Override
    public Map<UUID, String> names(Collection<UUID> userIds) {
        return repository.names(userIds);
    }
}
