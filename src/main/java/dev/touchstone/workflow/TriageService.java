package dev.touchstone.workflow;

import dev.touchstone.audit.AuditService;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.proposal.EpisodeFlags;
import dev.touchstone.proposal.ProposalService;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Triage of a project's episodes (docs/proposals.md, "Triage"; docs/workflow/screens.md): each episode with its
 * quality flags, suggested verdict and proposal confidence, and the project manager's two decisions on its tasks:
 * send them to review first (a completed task goes to review whatever the policy, ahead of the project's others in
 * the inbox) and exclude them from the project (out of the queue, the inbox and releases; reversible); and
 * accept an episode's proposed trim, which releases honour.
 */
@Service
@PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
public class TriageService {

    /** Longest exclusion reason. */
    public static final int MAX_REASON = 500;

    /**
     * One episode of the project.
     *
     * @param tasks          its tasks in the project
     * @param reviewFirst    whether its tasks are sent to review first
     * @param excluded       whether its tasks are excluded
     * @param excludedReason why, null when not excluded
     * @param flags          what the quality proposers measured, null when they have not (yet)
     * @param trim           the trim accepted for releases, null when none is
     */
    public record Row(UUID episodeId, String episodeName, int tasks, boolean reviewFirst, boolean excluded,
                      String excludedReason, EpisodeFlags flags, Trim trim) {
    }

    /** A trim accepted for releases: they keep [startNanos, endNanos) of the episode (docs/release/formats.md). */
    public record Trim(long startNanos, long endNanos) {
    }

    private final CurrentOrganization current;
    private final TriageRepository repository;
    private final WorkflowRepository projects;
    private final ProposalService proposals;
    private final AuditService audit;

    TriageService(CurrentOrganization current, TriageRepository repository, WorkflowRepository projects,
                  ProposalService proposals, AuditService audit) {
        this.current = current;
        this.repository = repository;
        this.projects = projects;
        this.proposals = proposals;
        this.audit = audit;
    }

    /** Every episode of the project by name, with its flags when measured. */
    @Transactional(readOnly = true)
    public List<Row> episodes(UUID projectId) {
        UUID organizationId = current.id();
        requireProject(organizationId, projectId);
        Map<UUID, EpisodeFlags> flags = proposals.flags(projectId).stream()
                .collect(Collectors.toMap(EpisodeFlags::episodeId, Function.identity()));
        Map<UUID, Trim> trims = repository.trims(organizationId, projectId).stream()
                .collect(Collectors.toMap(TriageRepository.Trim::episodeId,
                        t -> new Trim(t.startNanos(), t.endNanos())));
        return repository.episodes(organizationId, projectId).stream()
                .map(e -> new Row(e.episodeId(), e.episodeName(), e.tasks(), e.reviewFirst(), e.excludedTasks() > 0,
                        e.reason(), flags.get(e.episodeId()), trims.get(e.episodeId())))
                .toList();
    }

    /**
     * Sends (or stops sending) the episodes' tasks to review first. Tasks already accepted stay accepted.
     *
     * @return how many tasks changed
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public int setReviewFirst(UUID projectId, Collection<UUID> episodeIds, boolean reviewFirst) {
        UUID organizationId = current.id();
        Set<UUID> episodes = episodesOf(organizationId, projectId, episodeIds);
        int changed = repository.setReviewFirst(organizationId, projectId, episodes, reviewFirst);
        audit.record("workflow.triage.review-first", "project", projectId.toString(), details(episodes,
                Map.of("reviewFirst", reviewFirst, "tasks", changed)));
        return changed;
    }

    /**
     * Excludes the episodes' tasks from the project: annotators no longer get them, the review inbox no longer lists
     * them and releases leave them out. Work already live or returned may still be finished (and is then ignored).
     *
     * @param reason why, 1 to {@value #MAX_REASON} characters; recorded in the audit log
     * @return how many tasks were excluded
     * @throws IllegalArgumentException without a reason
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public int exclude(UUID projectId, Collection<UUID> episodeIds, String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > MAX_REASON) {
            throw new IllegalArgumentException("A reason of 1 to " + MAX_REASON + " characters is required to"
                    + " exclude episodes");
        }
        UUID organizationId = current.id();
        Set<UUID> episodes = episodesOf(organizationId, projectId, episodeIds);
        int changed = repository.exclude(organizationId, projectId, episodes, why, current.requireUser().userId());
        audit.record("workflow.triage.excluded", "project", projectId.toString(), details(episodes,
                Map.of("reason", why, "tasks", changed)));
        return changed;
    }

    /** Puts excluded episodes' tasks back into the project; returns how many. */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public int include(UUID projectId, Collection<UUID> episodeIds) {
        UUID organizationId = current.id();
        Set<UUID> episodes = episodesOf(organizationId, projectId, episodeIds);
        int changed = repository.include(organizationId, projectId, episodes);
        audit.record("workflow.triage.included", "project", projectId.toString(), details(episodes,
                Map.of("tasks", changed)));
        return changed;
    }

    /**
     * Accepts each episode's proposed trim (its idle head and tail cut, as the quality proposers measured it now):
     * releases built from now on keep only that span of the episode, its labels clipped to it. Replaces a trim
     * accepted before.
     *
     * @return how many episodes got a trim
     * @throws IllegalArgumentException for an episode without a proposed trim (not measured yet, or nothing left)
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public int acceptTrim(UUID projectId, Collection<UUID> episodeIds) {
        UUID organizationId = current.id();
        Set<UUID> episodes = episodesOf(organizationId, projectId, episodeIds);
        Map<UUID, EpisodeFlags> flags = proposals.flags(projectId).stream()
                .collect(Collectors.toMap(EpisodeFlags::episodeId, Function.identity()));
        List<TriageRepository.Trim> trims = new java.util.ArrayList<>();
        for (UUID episode : episodes) {
            EpisodeFlags f = flags.get(episode);
            if (f == null || f.trimEndNanos() <= f.trimStartNanos()) {
                throw new IllegalArgumentException("Episode " + name(organizationId, projectId, episode)
                        + " has no proposed trim" + (f == null ? " yet: its signals are not measured" : ""));
            }
            trims.add(new TriageRepository.Trim(episode, f.trimStartNanos(), f.trimEndNanos()));
        }
        repository.acceptTrims(organizationId, projectId, trims, current.requireUser().userId());
        audit.record("workflow.triage.trim-accepted", "project", projectId.toString(), details(episodes,
                Map.of("trims", trims.stream().map(t -> t.episodeId() + ": " + t.startNanos() + "-" + t.endNanos())
                        .sorted().toList())));
        return trims.size();
    }

    /** Removes the accepted trims of the episodes: releases keep the whole episode again. Returns how many. */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public int clearTrim(UUID projectId, Collection<UUID> episodeIds) {
        UUID organizationId = current.id();
        Set<UUID> episodes = episodesOf(organizationId, projectId, episodeIds);
        int cleared = repository.clearTrims(organizationId, projectId, episodes);
        audit.record("workflow.triage.trim-cleared", "project", projectId.toString(), details(episodes,
                Map.of("trims", cleared)));
        return cleared;
    }

    private String name(UUID organizationId, UUID projectId, UUID episode) {
        return repository.episodes(organizationId, projectId).stream().filter(e -> e.episodeId().equals(episode))
                .map(TriageRepository.EpisodeTasks::episodeName).findFirst().orElse(episode.toString());
    }

    private void requireProject(UUID organizationId, UUID projectId) {
        if (!projects.projectExists(organizationId, projectId)) {
            throw new NotFoundInOrganizationException("Project");
        }
    }

    /** The given episodes, each of which must be in the project. */
    private Set<UUID> episodesOf(UUID organizationId, UUID projectId, Collection<UUID> episodeIds) {
        requireProject(organizationId, projectId);
        if (episodeIds == null || episodeIds.isEmpty()) {
            throw new IllegalArgumentException("Choose at least one episode");
        }
        Set<UUID> inProject = repository.episodes(organizationId, projectId).stream()
                .map(TriageRepository.EpisodeTasks::episodeId).collect(Collectors.toSet());
        Set<UUID> given = Set.copyOf(episodeIds);
        if (!inProject.containsAll(given)) {
            throw new NotFoundInOrganizationException("Episode");
        }
        return given;
    }

    private static Map<String, Object> details(Set<UUID> episodes, Map<String, Object> more) {
        Map<String, Object> details = new LinkedHashMap<>(more);
        details.put("episodes", episodes.stream().map(UUID::toString).sorted().toList());
        return details;
    }
}
