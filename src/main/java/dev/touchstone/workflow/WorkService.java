package dev.touchstone.workflow;

import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.DraftLifecycle;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.ProposalOutcome;
import dev.touchstone.labeling.ProposedLabel;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.TouchstoneUser;
import dev.touchstone.quality.QualityService;
import dev.touchstone.quality.SourceGold;
import dev.touchstone.quality.SourceMeasures;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The annotator's side beyond the queue itself: opening an assignment in the workspace (its draft, made on first
 * open) and the home page's numbers. Claiming, heartbeats and skipping are {@link WorkflowService}'s.
 */
@Service
@PreAuthorize("hasRole('ANNOTATOR')")
public class WorkService {

    private final CurrentOrganization current;
    private final ReviewRepository reviews;
    private final WorkflowRepository workflow;
    private final DraftService drafts;
    private final DraftLifecycle lifecycle;
    private final DatasetService datasets;
    private final SettingsCodec settings;
    private final QualityService quality;

    WorkService(CurrentOrganization current, ReviewRepository reviews, WorkflowRepository workflow,
                DraftService drafts, DraftLifecycle lifecycle, DatasetService datasets, SettingsCodec settings,
                QualityService quality) {
        this.current = current;
        this.reviews = reviews;
        this.workflow = workflow;
        this.drafts = drafts;
        this.lifecycle = lifecycle;
        this.datasets = datasets;
        this.settings = settings;
        this.quality = quality;
    }

    /**
     * One of the signed-in annotator's assignments with its draft. A live assignment's draft is made on first open
     * (under the project's schema version); an ended one shows its kept draft read-only.
     *
     * @throws NotFoundInOrganizationException       for another organization's assignment, or an ended one never opened
     * @throws AccessDeniedException   for another annotator's assignment
     */
    @Transactional
    public WorkItem open(UUID assignmentId) {
        TouchstoneUser me = current.requireUser();
        UUID org = me.organization().id();
        ReviewRepository.WorkRow work = reviews.workRow(org, assignmentId, true)
                .orElseThrow(() -> new NotFoundInOrganizationException("Assignment"));
        if (!work.annotatorId().equals(me.userId())) {
            throw new AccessDeniedException("This assignment belongs to someone else");
        }
        Assignment assignment = workflow.assignment(org, assignmentId).orElseThrow();
        ReviewRepository.TaskRow task = reviews.task(org, work.taskId(), false).orElseThrow();
        Draft draft;
        if (work.state() == AssignmentState.LIVE) {
            draft = drafts.openForAssignment(assignmentId, task.episodeId(), task.schemaVersionId());
            reviews.linkDraft(assignmentId, draft.id());
        } else if (work.draftId() != null) {
            draft = drafts.draft(work.draftId());
        } else {
            throw new NotFoundInOrganizationException("Work on this assignment (it " + work.state().name().toLowerCase(java.util.Locale.ROOT)
                    + " before it was opened)");
        }
        LabelSchema schema = lifecycle.schema(org, task.schemaVersionId()).orElseThrow();
        EpisodeDetail episode = datasets.episode(task.episodeId()).orElseThrow(() -> new NotFoundInOrganizationException("Episode"));
        // A heartbeat a third of the lease apart survives one lost request; never more often than every 5 s.
        int heartbeat = Math.max(5, Math.min(60, work.leaseSeconds() / 3));
        boolean showProposals = reviews.settings(org, assignment.projectId()).map(ReviewRepository.SettingsRow::showProposals)
                .orElse(false);
        return new WorkItem(assignment, draft, schema, episode, work.returnComment(), heartbeat, showProposals);
    }

    /**
     * The proposals the workspace of this opened assignment shows: none when the project labels blind ({@link
     * ProjectSettings#showProposals()} off; {@code proposals} is then not even asked) or the assignment is not live;
     * otherwise those of {@code proposals} that pass the project's {@link ProposalGate} (when it has one: each
     * proposal's source@version must pass on the proposal's definition, {@link #passing}) and that the draft takes
     * ({@link DraftService#offerProposals}: valid under the schema), recorded on the draft so that its saves can say
     * what became of each. Pass the result to {@code LabelWorkspace.withProposals}.
     */
    @Transactional
    public List<ProposedLabel> proposalsToShow(WorkItem item, Supplier<List<ProposedLabel>> proposals) {
        if (!item.showProposals() || item.assignment().state() != AssignmentState.LIVE) {
            return List.of();
        }
        ProposalGate gate = settings.of(current.id(), item.assignment().projectId()).proposalGate();
        List<ProposedLabel> offered = proposals.get();
        if (gate != null && !offered.isEmpty()) {
            offered = passing(gate, item, offered);
        }
        if (offered.isEmpty()) {
            return List.of();
        }
        Set<UUID> taken = drafts.offerProposals(item.draft().id(), offered).stream()
                .map(ProposalOutcome::labelId).collect(Collectors.toSet());
        return offered.stream().filter(p -> taken.contains(p.label().id())).toList();
    }

    /**
     * The proposals whose source@version passes the gate on the proposal's definition, judged on quality's numbers
     * against the project's gold answers (asked once for all of them). A definition the schema lacks is not shown
     * either (the draft would refuse it anyway).
     */
    private List<ProposedLabel> passing(ProposalGate gate, WorkItem item, List<ProposedLabel> offered) {
        Map<List<String>, SourceMeasures> gold = new HashMap<>();
        for (SourceGold s : quality.proposalSourcesAgainstGold(item.assignment().projectId(), item.schema())) {
            gold.put(List.of(s.source(), s.version(), s.definition()), s.gold());
        }
        Map<List<String>, Boolean> verdicts = new HashMap<>();
        return offered.stream().filter(p -> verdicts.computeIfAbsent(
                List.of(p.source(), p.version(), p.label().definition()),
                key -> item.schema().definition(key.get(2))
                        .map(d -> gate.judge(d.type(), gold.get(key)) == ProposalGate.Verdict.PASSES)
                        .orElse(false))).toList();
    }

    @Transactional(readOnly = true)
    public AnnotatorHome home() {
        TouchstoneUser me = current.requireUser();
        UUID org = me.organization().id();
        int[] counts = reviews.mySubmissions(org, me.userId());
        return new AnnotatorHome(reviews.myStandings(org, me.userId()), reviews.returnedTo(org, me.userId()),
                counts[0], counts[1]);
    }
}
