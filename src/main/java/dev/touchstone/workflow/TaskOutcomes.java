package dev.touchstone.workflow;

import dev.touchstone.audit.AuditService;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.labeling.DraftLifecycle;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.Role;
import dev.touchstone.quality.AnnotatorLabels;
import dev.touchstone.quality.Consensus;
import dev.touchstone.quality.ConsensusResult;
import dev.touchstone.quality.DefinitionAgreement;
import dev.touchstone.quality.GoldScore;
import dev.touchstone.quality.GoldScoring;
import dev.touchstone.quality.GoldResult;
import dev.touchstone.quality.MergedTask;
import dev.touchstone.quality.QualityFeed;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What follows a submission, inside the submitting transaction: a gold task's score (and a pause when the
 * annotator's gold accuracy falls below the project's minimum), and, with the N-th submission, the consensus and
 * whether the task is accepted or goes to review (docs/workflow/review.md).
 */
@Component
class TaskOutcomes {

    /** The step used for frame votes when an episode has no camera to take it from (30 fps). */
    static final long DEFAULT_FRAME_NANOS = 33_333_333L;

    private final ReviewRepository reviews;
    private final WorkflowRepository workflow;
    private final DraftLifecycle drafts;
    private final LabelsJson json;
    private final SettingsCodec settings;
    private final AuditService audit;
    private final DatasetService datasets;
    private final QualityFeed quality;
    private final ApplicationEventPublisher events;

    TaskOutcomes(ReviewRepository reviews, WorkflowRepository workflow, DraftLifecycle drafts, LabelsJson json,
                 SettingsCodec settings, AuditService audit, DatasetService datasets, QualityFeed quality,
                 ApplicationEventPublisher events) {
        this.events = events;
        this.quality = quality;
        this.datasets = datasets;
        this.reviews = reviews;
        this.workflow = workflow;
        this.drafts = drafts;
        this.json = json;
        this.settings = settings;
        this.audit = audit;
    }

    /**
     * After an assignment was submitted (with these labels): gold scoring, and with the N-th submission the
     * consensus and the task's route. A submission to a task that is neither gold nor complete needs nothing more,
     * and reads nothing (the submit's statement said which it is, from the task row it locked).
     */
    void afterSubmit(UUID organizationId, ReviewRepository.WorkRow work, List<Label> labels,
                     WorkflowRepository.Submitted submitted) {
        boolean complete = submitted.complete();
        if (!submitted.gold() && !complete) {
            return;
        }
        ReviewRepository.TaskRow task = reviews.task(organizationId, work.taskId(), true).orElseThrow();
        LabelSchema schema = drafts.schema(organizationId, task.schemaVersionId()).orElseThrow();
        EpisodeDetail episode = datasets.episode(task.episodeId())
                .orElseThrow(() -> new NotFoundInOrganizationException("Episode"));
        if (task.gold()) {
            scoreGold(organizationId, work, task, schema, episode, labels);
        }
        if (complete) {
            complete(organizationId, task, schema, episode);
        }
    }

    /** Scores a gold submission against the task's answer; pauses the annotator when their accuracy is too low. */
    void scoreGold(UUID organizationId, ReviewRepository.WorkRow work, ReviewRepository.TaskRow task,
                   LabelSchema schema, EpisodeDetail episode, List<Label> submitted) {
        if (task.goldLabels() == null) {
            return;
        }
        GoldScore score = GoldScoring.score(schema, episode.episode().durationNanos(), frameNanos(episode),
                json.labels(task.goldLabels()), submitted);
        reviews.saveGoldScore(organizationId, work.projectId(), work.annotatorId(), work.taskId(), work.id(),
                score.overall(), json.write(score.perDefinition()));
        quality.goldScored(new GoldResult(organizationId, work.projectId(), work.annotatorId(), work.id(),
                work.taskId(), score, Instant.now()));
        ProjectSettings project = settings.of(organizationId, work.projectId());
        ReviewRepository.GoldAccuracy accuracy = reviews.goldAccuracy(work.projectId(), work.annotatorId());
        audit.recordSystemAtCommit(organizationId, "workflow.gold.scored", "assignment", work.id().toString(),
                Map.of("task", work.taskId().toString(), "annotator", work.annotatorId().toString(),
                        "score", score.overall(), "accuracy", accuracy.mean(), "scored", accuracy.scored()));
        if (accuracy.scored() >= project.minGoldScored() && accuracy.mean() < project.minGoldAccuracy()
                && !reviews.isPaused(work.projectId(), work.annotatorId())) {
            String reason = String.format(Locale.ROOT, "Gold accuracy %.0f%% over %d gold tasks is below the project's"
                    + " %.0f%%", accuracy.mean() * 100, accuracy.scored(), project.minGoldAccuracy() * 100);
            workflow.setPaused(organizationId, work.projectId(), work.annotatorId(), true, reason, null);
            audit.recordSystem(organizationId, "workflow.annotator.paused", "project", work.projectId().toString(),
                    Map.of("annotator", work.annotatorId().toString(), "reason", reason, "automatic", true));
            reviews.notify(organizationId, Role.QA_LEAD.name(), "annotator.paused", "project",
                    work.projectId() + "/" + work.annotatorId(), reason + " — " + task.projectName()
                            + ": an annotator was paused; reinstate them on the project page when coached.");
            events.publishEvent(new AnnotatorPaused(organizationId, work.projectId(), task.projectName(),
                    work.annotatorId(), reason));
        }
    }

    /** Why a task the project manager sent to review first is in review, whatever the review policy. */
    static final String REVIEW_FIRST = "Sent to review first from triage";

    /** Merges the task's N submissions and accepts it or sends it to review. */
    void complete(UUID organizationId, ReviewRepository.TaskRow task, LabelSchema schema, EpisodeDetail episode) {
        List<AnnotatorLabels> submissions = new ArrayList<>();
        for (ReviewRepository.SubmittedRow row : reviews.work(organizationId, task.id())) {
            if (row.state() == AssignmentState.SUBMITTED && row.submissionId() != null) {
                submissions.add(new AnnotatorLabels(row.annotatorId(),
                        drafts.submittedLabels(organizationId, row.submissionId()).orElse(List.of())));
            }
        }
        ConsensusResult result = Consensus.merge(schema, episode.episode().durationNanos(), frameNanos(episode),
                submissions);
        quality.taskMerged(new MergedTask(organizationId, task.projectId(), task.id(), Instant.now(),
                schema, episode.episode().durationNanos(), frameNanos(episode), submissions, result));
        ProjectSettings project = settings.of(organizationId, task.projectId());
        List<String> reasons = reasons(schema, result, project);
        List<Label> merged = withoutReviewerTypes(schema, result, project);
        String reviewState;
        String reason;
        String finalLabels = null;
        if (task.gold() && task.goldLabels() != null) {
            reviewState = "accepted";
            reason = null;
            finalLabels = task.goldLabels();
        } else if (task.reviewFirst()) {
            reviewState = "review";
            reason = reasons.isEmpty() ? REVIEW_FIRST : REVIEW_FIRST + "; " + String.join("; ", reasons);
        } else if (project.reviewPolicy() == ReviewPolicy.ALL) {
            reviewState = "review";
            reason = reasons.isEmpty() ? "Review policy: every task" : String.join("; ", reasons);
        } else if (!reasons.isEmpty()) {
            reviewState = "review";
            reason = String.join("; ", reasons);
        } else if (project.reviewPolicy() == ReviewPolicy.SAMPLE
                && ThreadLocalRandom.current().nextDouble() < project.reviewSample()) {
            reviewState = "review";
            reason = String.format(Locale.ROOT, "Sampled for review (%.0f%% of agreeing tasks)",
                    project.reviewSample() * 100);
        } else {
            reviewState = "accepted";
            reason = null;
            finalLabels = json.writeLabels(merged);
        }
        Map<String, DefinitionAgreement> agreement = new LinkedHashMap<>(result.agreement());
        reviews.setConsensus(task.id(), json.writeLabels(merged), json.write(agreement), reviewState, reason, finalLabels,
                null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", reviewState);
        details.put("reason", reason == null ? "" : reason);
        details.put("submissions", submissions.size());
        details.put("notes", result.notes());
        audit.recordSystemAtCommit(organizationId, "workflow.task.consensus", "task", task.id().toString(), details);
        if ("accepted".equals(reviewState)) {
            events.publishEvent(new TaskAccepted(organizationId, task.id(), task.projectId(), task.projectName(),
                    task.episodeId(), null, false));
        }
    }

    /**
     * Why the task needs a QA lead: an outcome decided by a tie rule or backed by no strict majority ("tie"),
     * agreement under a type's threshold, or a reviewer-decided type that differs. A definition nobody labelled has no
     * agreement and gives no reason.
     */
    static List<String> reasons(LabelSchema schema, ConsensusResult result, ProjectSettings project) {
        List<String> reasons = new ArrayList<>();
        for (DefinitionAgreement a : result.agreement().values()) {
            String name = schema.definitions().stream().filter(d -> d.key().equals(a.definition())).findFirst()
                    .map(LabelSchema.Definition::name).orElse(a.definition());
            boolean reviewerDecides = project.rule(a.type()) == ConsensusRule.REVIEWER;
            if (a.type() != dev.touchstone.labeling.LabelType.PHASE && !reviewerDecides) {
                // phase frames tie at every shifted boundary; boundaries are judged by the phase agreement instead
                a.ties().forEach(tie -> reasons.add(name + ": " + tie));
            }
            if (!a.labelled()) {
                continue;
            }
            if (reviewerDecides && a.agreement() < 1) {
                reasons.add(name + ": annotators differ and a reviewer decides " + a.type().jsonName());
            } else if (a.agreement() < project.threshold(a.type()) && a.phase() != null
                    && a.type() == dev.touchstone.labeling.LabelType.PHASE) {
                reasons.add(phaseReason(name, a.phase(), project.threshold(a.type())));
            } else if (a.type() == dev.touchstone.labeling.LabelType.PHASE && a.phase() != null
                    && a.phase().boundaryErrorMs() != null && project.maxBoundaryErrorMs() != null
                    && a.phase().boundaryErrorMs() > project.maxBoundaryErrorMs()) {
                reasons.add(name + ": boundaries disagree — mean boundary error "
                        + DefinitionAgreement.ms(a.phase().boundaryErrorMs()) + " above "
                        + DefinitionAgreement.ms(project.maxBoundaryErrorMs()) + " (" + a.phase().weakestClass()
                        + " uα " + DefinitionAgreement.two(a.phase().weakestUAlpha()) + "; " + a.phase().text() + ")");
            } else if (a.agreement() < project.threshold(a.type())) {
                // gaps land here too: their agreement is the overall uα, which this reason's measure names, not the
                // weakest class's uα of the phase reason; the boundary limit above is the phases' setting
                reasons.add(String.format(Locale.ROOT, "%s: agreement %.2f below %.2f (%s)", name, a.agreement(),
                        project.threshold(a.type()), a.measure()));
            }
        }
        return reasons;
    }

    /**
     * "Phase: boundaries disagree — Grasp uα 0.66 below 0.80; mean boundary error 1,500 ms (uα 0.96 over all
     * classes; F1@10/25/50 1.00/1.00/0.50)": the weakest class first, because one shifted phase is what a reviewer
     * has to look at, then the boundary error a person can see on the timeline.
     */
    static String phaseReason(String name, DefinitionAgreement.Phase p, double threshold) {
        StringBuilder out = new StringBuilder(name).append(": boundaries disagree — ").append(p.weakestClass())
                .append(" uα ").append(DefinitionAgreement.two(p.weakestUAlpha())).append(" below ")
                .append(DefinitionAgreement.two(threshold));
        if (p.boundaryErrorMs() != null) {
            out.append("; mean boundary error ").append(DefinitionAgreement.ms(p.boundaryErrorMs()));
        }
        out.append(" (uα ").append(p.uAlpha() == null ? "undefined" : DefinitionAgreement.two(p.uAlpha()))
                .append(" over all classes");
        if (p.f1At10() != null && p.f1At25() != null && p.f1At50() != null) {
            out.append("; F1@10/25/50 ").append(DefinitionAgreement.two(p.f1At10())).append('/')
                    .append(DefinitionAgreement.two(p.f1At25())).append('/')
                    .append(DefinitionAgreement.two(p.f1At50()));
        }
        return out.append(')').toString();
    }

    /** The merged labels without those of types a reviewer decides where annotators differ. */
    static List<Label> withoutReviewerTypes(LabelSchema schema, ConsensusResult result, ProjectSettings project) {
        List<Label> kept = new ArrayList<>();
        for (Label label : result.labels()) {
            DefinitionAgreement a = result.agreement().get(label.definition());
            if (a != null && a.labelled() && project.rule(a.type()) == ConsensusRule.REVIEWER && a.agreement() < 1) {
                continue;
            }
            kept.add(label);
        }
        return kept;
    }

    /** The frame step of the episode's first camera (frame votes for phases); 30 fps when there is none. */
    static long frameNanos(EpisodeDetail episode) {
        for (StreamInfo stream : episode.streams()) {
            if (stream.kind() == StreamKind.VIDEO && stream.medianIntervalNanos() > 0) {
                return stream.medianIntervalNanos();
            }
        }
        return DEFAULT_FRAME_NANOS;
    }
}
