package dev.touchstone.workflow;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Consensus, review, gold scores, settings, progress and notifications: the tables V8 added. Every query filters by
 * organization. JSON columns travel as text; the service (de)serialises them.
 */
@Repository
class ReviewRepository {

    private final DSLContext dsl;

    ReviewRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    // ---- settings ----

    /**
     * Settings as stored: policy, sample, rules JSON, thresholds JSON, min accuracy, min scored, whether annotators
     * see proposals, the proposal gate JSON (null: none).
     */
    record SettingsRow(String policy, double sample, String rules, String thresholds, double minGold, int minScored,
                       boolean showProposals, String proposalGate) {
    }

    Optional<SettingsRow> settings(UUID organizationId, UUID projectId) {
        return dsl.resultQuery("""
                        select review_policy, review_sample, consensus_rules::text, agreement_thresholds::text,
                               min_gold_accuracy, min_gold_scored, show_proposals, proposal_gate::text
                          from project where organization_id = ? and id = ?""", organizationId, projectId)
                .fetchOptional(r -> new SettingsRow(r.get(0, String.class), r.get(1, Double.class),
                        r.get(2, String.class), r.get(3, String.class), r.get(4, Double.class), r.get(5, Integer.class),
                        r.get(6, Boolean.class), r.get(7, String.class)));
    }

    void saveSettings(UUID organizationId, UUID projectId, SettingsRow s, int overlap, double goldRate,
                      int leaseSeconds, int priority, OffsetDateTime deadline) {
        dsl.execute("""
                update project set review_policy = ?, review_sample = ?, consensus_rules = ?::jsonb,
                       agreement_thresholds = ?::jsonb, min_gold_accuracy = ?, min_gold_scored = ?,
                       show_proposals = ?, proposal_gate = ?::jsonb, gold_rate = ?, lease_seconds = ?,
                       priority = ?, deadline = ?, updated_at = now()
                 where organization_id = ? and id = ?""", s.policy(), s.sample(), s.rules(), s.thresholds(),
                s.minGold(), s.minScored(), s.showProposals(), s.proposalGate(), goldRate, leaseSeconds, priority, deadline, organizationId, projectId);
        // N only grows: a task never holds more than N slots, and slots already taken stay valid under a larger N.
        dsl.execute("""
                update task set overlap = ?, state = case when submitted_count = ? then 'complete' else 'open' end
                 where organization_id = ? and project_id = ? and overlap < ? and review_state = 'labeling'""",
                overlap, overlap, organizationId, projectId, overlap);
        dsl.execute("update project set overlap = greatest(overlap, ?) where organization_id = ? and id = ?",
                overlap, organizationId, projectId);
    }

    // ---- assignments and drafts ----

    /** What the submission handler needs about an assignment, locked. */
    record WorkRow(UUID id, UUID taskId, UUID projectId, UUID annotatorId, AssignmentState state, UUID draftId,
                   String returnComment, UUID episodeId, boolean gold, int leaseSeconds) {
    }

    private static final String WORK_ROW = """
            select a.id, a.task_id, a.project_id, a.annotator_id, a.state, a.draft_id, a.return_comment,
                   t.episode_id, t.is_gold, p.lease_seconds
              from assignment a join task t on t.id = a.task_id join project p on p.id = a.project_id
             where a.organization_id = ? and a.id = ?""";

    Optional<WorkRow> workRow(UUID organizationId, UUID assignmentId, boolean lock) {
        return dsl.resultQuery(WORK_ROW + (lock ? " for update of a" : ""), organizationId, assignmentId)
                .fetchOptional(r -> new WorkRow(r.get(0, UUID.class), r.get(1, UUID.class), r.get(2, UUID.class),
                        r.get(3, UUID.class), AssignmentState.of(r.get(4, String.class)), r.get(5, UUID.class),
                        r.get(6, String.class), r.get(7, UUID.class), r.get(8, Boolean.class),
                        r.get(9, Integer.class)));
    }

    void linkDraft(UUID assignmentId, UUID draftId) {
        dsl.execute("update assignment set draft_id = ? where id = ? and draft_id is null", draftId, assignmentId);
    }

    /** Draft ids of these assignments (those that have one), for closing them. */
    List<UUID> draftsOf(List<UUID> assignmentIds) {
        return dsl.resultQuery("select draft_id from assignment where id = any(?) and draft_id is not null",
                (Object) assignmentIds.toArray(UUID[]::new)).fetch(0, UUID.class);
    }

    void returnWork(UUID assignmentId, UUID returnedBy, String comment) {
        dsl.execute("""
                update assignment set return_comment = ?, returned_by = ?, returned_at = now() where id = ?""",
                comment, returnedBy, assignmentId);
    }

    // ---- tasks, consensus ----

    /** A task with what review needs. */
    record TaskRow(UUID id, UUID projectId, String projectName, UUID episodeId, UUID schemaVersionId, String state,
                   String reviewState, String reviewReason, boolean gold, String consensus, String agreement,
                   String goldLabels, String finalLabels, int overlap, int submitted, boolean reviewFirst) {
    }

    Optional<TaskRow> task(UUID organizationId, UUID taskId, boolean lock) {
        return dsl.resultQuery("""
                        select t.id, t.project_id, p.name, t.episode_id, p.schema_version_id, t.state, t.review_state,
                               t.review_reason, t.is_gold, t.consensus::text, t.agreement::text, t.gold_labels::text,
                               t.final_labels::text, t.overlap, t.submitted_count, t.review_first
                          from task t join project p on p.id = t.project_id
                         where t.organization_id = ? and t.id = ?""" + (lock ? " for update of t" : ""),
                        organizationId, taskId)
                .fetchOptional(r -> new TaskRow(r.get(0, UUID.class), r.get(1, UUID.class), r.get(2, String.class),
                        r.get(3, UUID.class), r.get(4, UUID.class), r.get(5, String.class), r.get(6, String.class),
                        r.get(7, String.class), r.get(8, Boolean.class), r.get(9, String.class),
                        r.get(10, String.class), r.get(11, String.class), r.get(12, String.class),
                        r.get(13, Integer.class), r.get(14, Integer.class), r.get(15, Boolean.class)));
    }

    /** Submitted assignments of a task with their submission, annotator first by name. */
    record SubmittedRow(UUID assignmentId, UUID annotatorId, String name, AssignmentState state, UUID submissionId,
                        String returnComment) {
    }

    List<SubmittedRow> work(UUID organizationId, UUID taskId) {
        return dsl.resultQuery("""
                        select a.id, a.annotator_id, u.display_name, a.state, a.submission_id, a.return_comment
                          from assignment a join app_user u on u.id = a.annotator_id
                         where a.organization_id = ? and a.task_id = ? and a.state in ('live', 'submitted', 'returned')
                         order by u.display_name, a.id""", organizationId, taskId)
                .fetch(r -> new SubmittedRow(r.get(0, UUID.class), r.get(1, UUID.class), r.get(2, String.class),
                        AssignmentState.of(r.get(3, String.class)), r.get(4, UUID.class), r.get(5, String.class)));
    }

    void setConsensus(UUID taskId, String consensus, String agreement, String reviewState, String reason,
                      String finalLabels, UUID acceptedBy) {
        dsl.execute("""
                update task set consensus = ?::jsonb, agreement = ?::jsonb, review_state = ?, review_reason = ?,
                       final_labels = ?::jsonb, accepted_by = ?,
                       accepted_at = case when ? = 'accepted' then now() end
                 where id = ?""", consensus, agreement, reviewState, reason, finalLabels, acceptedBy, reviewState,
                taskId);
    }

    void accept(UUID taskId, String finalLabels, UUID by) {
        dsl.execute("""
                update task set review_state = 'accepted', final_labels = ?::jsonb, accepted_by = ?, accepted_at = now()
                 where id = ?""", finalLabels, by, taskId);
    }

    /** Back to labeling (work returned): the consensus no longer holds. */
    void reopenTask(UUID taskId) {
        dsl.execute("""
                update task set review_state = 'labeling', review_reason = null, final_labels = null,
                       accepted_by = null, accepted_at = null
                 where id = ?""", taskId);
    }

    void setGoldAnswer(UUID taskId, String labels, String source, UUID by) {
        dsl.execute("update task set is_gold = true, gold_labels = ?::jsonb, gold_source = ?, gold_by = ? where id = ?",
                labels, source, by, taskId);
    }

    List<ReviewItem> inbox(UUID organizationId, UUID projectId, int limit) {
        return dsl.resultQuery("""
                        select t.id, t.project_id, p.name, t.episode_id, e.name, t.completed_at, t.review_reason,
                               (select min((v ->> 'agreement')::float8) from jsonb_each(t.agreement) j(k, v))
                          from task t join project p on p.id = t.project_id join episode e on e.id = t.episode_id
                         where t.organization_id = ? and t.review_state = 'review' and t.excluded_at is null
                           and (?::uuid is null or t.project_id = ?::uuid)
                         order by p.priority desc, t.review_first desc, t.completed_at, t.id
                         limit ?""", organizationId, projectId, projectId, limit)
                .fetch(r -> new ReviewItem(r.get(0, UUID.class), r.get(1, UUID.class), r.get(2, String.class),
                        r.get(3, UUID.class), r.get(4, String.class), instant(r, 5), r.get(6, String.class),
                        r.get(7, Double.class)));
    }

    // ---- gold ----

    void saveGoldScore(UUID organizationId, UUID projectId, UUID annotatorId, UUID taskId, UUID assignmentId,
                       double score, String perDefinition) {
        dsl.execute("""
                insert into gold_score (assignment_id, organization_id, project_id, annotator_id, task_id, score,
                                        per_definition)
                values (?, ?, ?, ?, ?, ?, ?::jsonb)
                on conflict (assignment_id) do update set score = excluded.score,
                       per_definition = excluded.per_definition, scored_at = now()""",
                assignmentId, organizationId, projectId, annotatorId, taskId, score, perDefinition);
    }

    /** The annotator's gold accuracy on the project: number scored and mean score. */
    record GoldAccuracy(int scored, Double mean) {
    }

    GoldAccuracy goldAccuracy(UUID projectId, UUID annotatorId) {
        return dsl.resultQuery("""
                        select count(*)::int, avg(score) from gold_score where project_id = ? and annotator_id = ?""",
                        projectId, annotatorId)
                .fetchSingle(r -> new GoldAccuracy(r.get(0, Integer.class), r.get(1, Double.class)));
    }

    boolean isPaused(UUID projectId, UUID annotatorId) {
        return dsl.fetchExists(dsl.selectOne().from("project_annotator")
                .where("project_id = ? and annotator_id = ? and paused", projectId, annotatorId));
    }

    // ---- notifications ----

    void notify(UUID organizationId, String role, String kind, String subjectType, String subjectId, String message) {
        dsl.execute("""
                insert into notification (organization_id, role, kind, subject_type, subject_id, message)
                values (?, ?, ?, ?, ?, ?)""", organizationId, role, kind, subjectType, subjectId, message);
    }

    List<LeadNotification> notifications(UUID organizationId, String role) {
        return dsl.resultQuery("""
                        select id, kind, message, subject_type, subject_id, created_at from notification
                         where organization_id = ? and role = ? and dismissed_at is null
                         order by created_at desc limit 100""", organizationId, role)
                .fetch(r -> new LeadNotification(r.get(0, UUID.class), r.get(1, String.class), r.get(2, String.class),
                        r.get(3, String.class), r.get(4, String.class), instant(r, 5)));
    }

    boolean dismiss(UUID organizationId, UUID notificationId, UUID by) {
        return dsl.execute("""
                update notification set dismissed_by = ?, dismissed_at = now()
                 where organization_id = ? and id = ? and dismissed_at is null""", by, organizationId,
                notificationId) == 1;
    }

    // ---- progress and homes ----

    Map<String, Integer> tasksByState(UUID organizationId, UUID projectId) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String state : List.of("unstarted", "in progress", "review", "accepted")) {
            counts.put(state, 0);
        }
        dsl.resultQuery("""
                        select case when review_state = 'accepted' then 'accepted'
                                    when review_state = 'review' then 'review'
                                    when active_count = 0 and submitted_count = 0 then 'unstarted'
                                    else 'in progress' end, count(*)::int
                          from task where organization_id = ? and project_id = ? group by 1""", organizationId,
                projectId).forEach(r -> counts.put(r.get(0, String.class), r.get(1, Integer.class)));
        return counts;
    }

    List<ProjectProgress.Day> throughput(UUID organizationId, UUID projectId) {
        return dsl.resultQuery("""
                        select d::date,
                               (select count(*) from assignment a where a.organization_id = ? and a.project_id = ?
                                   and a.submitted_at >= d and a.submitted_at < d + interval '1 day')::int,
                               (select count(*) from task t where t.organization_id = ? and t.project_id = ?
                                   and t.accepted_at >= d and t.accepted_at < d + interval '1 day')::int
                          from generate_series((now() at time zone 'UTC')::date - 13, (now() at time zone 'UTC')::date,
                                               interval '1 day') d
                         order by 1""", organizationId, projectId, organizationId, projectId)
                .fetch(r -> new ProjectProgress.Day(r.get(0, LocalDate.class), r.get(1, Integer.class),
                        r.get(2, Integer.class)));
    }

    /**
     * Median claim-to-submit seconds, annotators live now, annotators who submitted in 24 h. The median leaves out
     * reworked assignments: their claim lies before the review that returned them, so the span would count the time
     * the work waited for review and in the annotator's queue as labeling time.
     */
    record Activity(Double medianSeconds, int activeNow, int activeToday) {
    }

    Activity activity(UUID organizationId, UUID projectId) {
        return dsl.resultQuery("""
                        select (select percentile_cont(0.5) within group (
                                    order by extract(epoch from submitted_at - created_at))
                                  from assignment where organization_id = ? and project_id = ? and state = 'submitted'
                                   and returned_at is null),
                               (select count(distinct annotator_id) from assignment
                                 where organization_id = ? and project_id = ? and state = 'live'
                                   and lease_expires_at > now())::int,
                               (select count(distinct annotator_id) from assignment
                                 where organization_id = ? and project_id = ?
                                   and submitted_at > now() - interval '24 hours')::int""",
                        organizationId, projectId, organizationId, projectId, organizationId, projectId)
                .fetchSingle(r -> new Activity(r.get(0, Double.class), r.get(1, Integer.class), r.get(2, Integer.class)));
    }

    List<ProjectProgress.AnnotatorStanding> standings(UUID organizationId, UUID projectId) {
        return dsl.resultQuery("""
                        select u.id, u.display_name, u.email,
                               (select count(*) from assignment a where a.project_id = p.id and a.annotator_id = u.id
                                   and a.state = 'submitted')::int,
                               (select count(*) from gold_score g where g.project_id = p.id and g.annotator_id = u.id)::int,
                               (select avg(score) from gold_score g where g.project_id = p.id and g.annotator_id = u.id),
                               coalesce(pa.paused, false), pa.paused_reason
                          from project p
                          join membership m on m.organization_id = p.organization_id and m.active
                                           and 'ANNOTATOR' = any(m.roles)
                          join app_user u on u.id = m.user_id
                          left join project_annotator pa on pa.project_id = p.id and pa.annotator_id = u.id
                         where p.organization_id = ? and p.id = ?
                           and (not p.restricted or pa.annotator_id is not null)
                         order by u.display_name""", organizationId, projectId)
                .fetch(r -> new ProjectProgress.AnnotatorStanding(r.get(0, UUID.class), r.get(1, String.class),
                        r.get(2, String.class), r.get(3, Integer.class), r.get(4, Integer.class),
                        r.get(5, Double.class), r.get(6, Boolean.class), r.get(7, String.class)));
    }

    /**
     * The annotator's own standing per project. Gold is counted over whole blocks of {@link AnnotatorHome#GOLD_BLOCK}
     * submissions (oldest first, the newest incomplete block left out) and shown from
     * {@link AnnotatorHome#GOLD_MIN_SHOWN} scored gold tasks on; pausing uses every score ({@link #goldAccuracy}).
     */
    List<AnnotatorHome.Standing> myStandings(UUID organizationId, UUID annotatorId) {
        return dsl.resultQuery("""
                        select p.id, p.name,
                               (select count(*) from assignment a where a.project_id = p.id and a.annotator_id = ?
                                   and a.state = 'submitted')::int,
                               g.scored, g.mean, g.covered,
                               coalesce(pa.paused, false), pa.paused_reason, p.state = 'paused'
                          from project p
                          left join project_annotator pa on pa.project_id = p.id and pa.annotator_id = ?
                         cross join lateral (
                               select count(gs.score)::int as scored, avg(gs.score) as mean, count(*)::int as covered
                                 from (select a.id, row_number() over (order by a.submitted_at, a.id) as n,
                                              count(*) over () as total
                                         from assignment a
                                        where a.project_id = p.id and a.annotator_id = ? and a.state = 'submitted'
                                      ) s
                                 left join gold_score gs on gs.assignment_id = s.id
                                where s.n <= s.total / ? * ?) g
                         where p.organization_id = ? and p.state <> 'closed'
                           and (not p.restricted or pa.annotator_id is not null)
                         order by p.priority desc, p.name""", annotatorId, annotatorId, annotatorId,
                        AnnotatorHome.GOLD_BLOCK, AnnotatorHome.GOLD_BLOCK, organizationId)
                .fetch(r -> {
                    int scored = r.get(3, Integer.class);
                    boolean shown = scored >= AnnotatorHome.GOLD_MIN_SHOWN;
                    return new AnnotatorHome.Standing(r.get(0, UUID.class), r.get(1, String.class),
                            r.get(2, Integer.class), shown ? scored : 0, shown ? r.get(4, Double.class) : null,
                            r.get(5, Integer.class), r.get(6, Boolean.class), r.get(7, String.class),
                            r.get(8, Boolean.class));
                });
    }

    List<AnnotatorHome.ReturnedWork> returnedTo(UUID organizationId, UUID annotatorId) {
        return dsl.resultQuery("""
                        select a.id, p.name, e.name, a.return_comment, a.returned_at
                          from assignment a join project p on p.id = a.project_id join task t on t.id = a.task_id
                          join episode e on e.id = t.episode_id
                         where a.organization_id = ? and a.annotator_id = ? and a.return_comment is not null
                           and (a.state in ('returned', 'live'))
                         order by a.returned_at desc limit 50""", organizationId, annotatorId)
                .fetch(r -> new AnnotatorHome.ReturnedWork(r.get(0, UUID.class), r.get(1, String.class),
                        r.get(2, String.class), r.get(3, String.class), instant(r, 4)));
    }

    /** Submissions by this annotator: today (24 h) and in total. */
    int[] mySubmissions(UUID organizationId, UUID annotatorId) {
        return dsl.resultQuery("""
                        select count(*) filter (where submitted_at > now() - interval '24 hours')::int, count(*)::int
                          from assignment where organization_id = ? and annotator_id = ? and state = 'submitted'""",
                        organizationId, annotatorId)
                .fetchSingle(r -> new int[] {r.get(0, Integer.class), r.get(1, Integer.class)});
    }

    /** Whether the member holds or held an assignment on a task of this episode (the media grant). */
    boolean assignedEpisode(UUID organizationId, UUID annotatorId, UUID episodeId) {
        return dsl.fetchExists(dsl.selectOne().from("assignment a join task t on t.id = a.task_id")
                .where("a.organization_id = ? and a.annotator_id = ? and t.episode_id = ?", organizationId,
                        annotatorId, episodeId));
    }

    private static Instant instant(Record r, int index) {
        OffsetDateTime value = r.get(index, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
