package dev.touchstone.proposal;

import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.labeling.DraftLifecycle;
import dev.touchstone.labeling.InvalidLabelsException;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelRules;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.ProposedLabel;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Stored proposals of a project's episodes (docs/proposals.md, "Stored proposals, predictions API, ML backend"):
 * read them for the workspace, store a source's set (posted predictions, an ML backend's answer), and run the signal
 * proposers over a project's episodes in the background. Everything is in the signed-in member's current
 * organization; a project or episode of another organization, or an episode outside the project, is "not found".
 */
@Service
@PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD', 'ANNOTATOR')")
public class ProposalService {

    /** Longest source and version names. */
    public static final int MAX_NAME = 100;
    /** Sources whose name starts with this are Touchstone's own proposers; nothing else may store under them. */
    public static final String RESERVED_PREFIX = "signals.";
    /** The confidence of a stored label for which the source gave none. */
    public static final double DEFAULT_CONFIDENCE = 1.0;

    private final CurrentOrganization current;
    private final ProposalProjects projects;
    private final ProposalRepository repository;
    private final ProposalWriter writer;
    private final SignalProposalRunner signals;
    private final SignalProposalJob job;
    private final DatasetService datasets;
    private final DraftLifecycle drafts;

    ProposalService(CurrentOrganization current, ProposalProjects projects, ProposalRepository repository,
                    ProposalWriter writer, SignalProposalRunner signals, SignalProposalJob job,
                    DatasetService datasets, DraftLifecycle drafts) {
        this.current = current;
        this.projects = projects;
        this.repository = repository;
        this.writer = writer;
        this.signals = signals;
        this.job = job;
        this.datasets = datasets;
        this.drafts = drafts;
    }

    /**
     * The episode's proposals in the project, as the workspace shows them: of every source, the newest stored set
     * (by the time it was stored, whatever its version), labels in the order the source gave them. When the signal
     * proposers have not run on the episode yet they run now, once (their outcome, proposals or the reason there are
     * none, is stored).
     *
     * @throws NotFoundInOrganizationException for a project or episode not in the current organization, an episode
     *                                         not in the project, or (for an annotator) one not assigned to them
     */
    @Transactional
    public List<ProposedLabel> proposalsFor(UUID projectId, UUID episodeId) {
        UUID organizationId = current.id();
        LabelSchema schema = schema(organizationId, projectId);
        episodeOf(organizationId, projectId, episodeId);
        if (!repository.hasSet(organizationId, projectId, episodeId, SignalProposers.contactSource())
                || !repository.hasSet(organizationId, projectId, episodeId, SignalProposers.phaseSource())) {
            signals.run(organizationId, projectId, episodeId, schema, null);
        }
        List<ProposalRepository.SetRow> sets = repository.newestPerSource(organizationId, projectId, episodeId);
        Map<UUID, List<ProposedLabel>> labels = writer.labels(organizationId, sets);
        List<ProposedLabel> all = new ArrayList<>();
        sets.forEach(set -> all.addAll(labels.get(set.id())));
        return all;
    }

    /**
     * Stores a source's proposals for one episode of the project, replacing the set it stored before under the
     * same source and version (atomically: a reader sees the old set or the new one). Nothing is stored unless every
     * label is valid against the project's schema version and the episode.
     *
     * @param source     who proposes, 1 to {@value #MAX_NAME} characters, not starting with
     *                   {@value #RESERVED_PREFIX} (Touchstone's own proposers)
     * @param version    the source's version, 1 to {@value #MAX_NAME} characters
     * @param labels     in the drafts' JSON model; ids are kept
     * @param confidence by label id, each in [0, 1]; a label not named gets {@value #DEFAULT_CONFIDENCE}
     * @throws InvalidLabelsException          with every problem when a name, a label or a confidence is invalid
     * @throws NotFoundInOrganizationException for a project or episode not in the current organization, or an
     *                                         episode not in the project
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public ProposalSet store(UUID projectId, UUID episodeId, String source, String version, List<Label> labels,
                             Map<UUID, Double> confidence) {
        UUID organizationId = current.id();
        LabelSchema schema = schema(organizationId, projectId);
        EpisodeDetail episode = episodeOf(organizationId, projectId, episodeId);
        List<String> problems = new ArrayList<>();
        String s = name("source", source, problems);
        String v = name("version", version, problems);
        if (s != null && s.startsWith(RESERVED_PREFIX)) {
            problems.add("Sources starting with '" + RESERVED_PREFIX + "' are Touchstone's own proposers; name yours"
                    + " otherwise");
        }
        List<Label> given = labels == null ? List.of() : labels;
        Map<UUID, Double> scores = confidence == null ? Map.of() : confidence;
        Set<String> streams = episode.streams().stream().map(StreamInfo::name).collect(Collectors.toSet());
        problems.addAll(LabelRules.problems(schema, episode.episode().durationNanos(), given, streams));
        Set<UUID> ids = new HashSet<>();
        given.forEach(l -> {
            if (l != null && l.id() != null) {
                ids.add(l.id());
            }
        });
        scores.forEach((id, score) -> {
            if (id == null || !ids.contains(id)) {
                problems.add("confidence names label " + id + ", which is not among the labels");
            } else if (score == null || !(score >= 0 && score <= 1)) {
                problems.add("confidence of label " + id + " must be a number from 0 to 1, got " + score);
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidLabelsException(problems);
        }
        List<ProposedLabel> proposed = given.stream().map(l -> new ProposedLabel(l, s, v,
                scores.getOrDefault(l.id(), DEFAULT_CONFIDENCE), List.of())).toList();
        UUID setId = writer.replace(organizationId, projectId, episodeId, s, v, null,
                current.requireUser().userId(), proposed);
        return repository.sets(organizationId, projectId).stream().filter(set -> set.id().equals(setId))
                .map(ProposalService::set).findFirst().orElseThrow();
    }

    /**
     * Runs the signal proposers over every episode of the project in the background (replacing their earlier sets
     * of the same version); an episode they cannot read gets a set with the reason as its note. Returns at once.
     *
     * @return how many episodes were queued
     */
    @Transactional(readOnly = true)
    @PreAuthorize(Ability.Expressions.MANAGE)
    public int proposeFromSignals(UUID projectId) {
        UUID organizationId = current.id();
        LabelSchema schema = schema(organizationId, projectId);
        List<UUID> episodes = projects.episodes(organizationId, projectId);
        job.start(organizationId, projectId, episodes, schema, current.requireUser().userId());
        return episodes.size();
    }

    /** Every stored set of the project (every source, version and episode), oldest first, with its note. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public List<ProposalSet> sets(UUID projectId) {
        UUID organizationId = current.id();
        schema(organizationId, projectId);
        return repository.sets(organizationId, projectId).stream().map(ProposalService::set).toList();
    }

    private LabelSchema schema(UUID organizationId, UUID projectId) {
        ProposalProjects.ProjectFacts project = projects.project(organizationId, projectId)
                .orElseThrow(() -> new NotFoundInOrganizationException("Project"));
        return drafts.schema(organizationId, project.schemaVersionId())
                .orElseThrow(() -> new NotFoundInOrganizationException("Label schema version"));
    }

    private EpisodeDetail episodeOf(UUID organizationId, UUID projectId, UUID episodeId) {
        if (!projects.episodeInProject(organizationId, projectId, episodeId)) {
            throw new NotFoundInOrganizationException("Episode");
        }
        return datasets.episode(episodeId).orElseThrow(() -> new NotFoundInOrganizationException("Episode"));
    }

    private static String name(String what, String value, List<String> problems) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || v.length() > MAX_NAME) {
            problems.add("A " + what + " of 1 to " + MAX_NAME + " characters is required");
            return null;
        }
        return v;
    }

    static ProposalSet set(ProposalRepository.SetRow row) {
        return new ProposalSet(row.id(), row.projectId(), row.episodeId(), row.source(), row.version(),
                row.labelCount(), row.note(), row.createdAt().toInstant(), row.createdBy());
    }
}
