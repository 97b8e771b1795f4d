package dev.touchstone.release;

import dev.touchstone.labeling.LabelType;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The release tables. Every read a member makes is filtered by organization; the build job (no signed-in member)
 * reads by release id and carries the release's organization into every statement that touches tasks.
 */
@Repository
class ReleaseRepository {

    static final UUID BEFORE_ALL = new UUID(0, 0);
    private static final TypeReference<List<ReleaseFile>> FILES = new TypeReference<>() { };

    private final DSLContext dsl;
    private final JsonMapper json;

    ReleaseRepository(DSLContext dsl, JsonMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    /** @throws ReleaseVersionTakenException when the project already has a release of this version */
    UUID insert(UUID organizationId, UUID projectId, String version, String notes, boolean verdictAcceptOnly,
                Set<LabelType> types, UUID schemaVersionId, UUID createdBy, LeRobotMapping mapping) {
        String[] typeNames = types.stream().map(LabelType::jsonName).sorted().toArray(String[]::new);
        String mappingJson = mapping == null ? null : json.writeValueAsString(mapping);
        try {
            return dsl.resultQuery("""
                            insert into release (organization_id, project_id, version, notes, verdict_accept_only,
                                                 label_types, schema_version_id, created_by, progress_message,
                                                 lerobot_mapping)
                            values (?, ?, ?, ?, ?, ?::text[], ?, ?, 'Queued', ?::jsonb)
                            returning id""", organizationId, projectId, version, notes, verdictAcceptOnly,
                    typeNames, schemaVersionId, createdBy, mappingJson).fetchSingle(0, UUID.class);
        } catch (DuplicateKeyException | IntegrityConstraintViolationException e) {
            if (e.getMessage() != null && e.getMessage().contains("release_project_id_version_key")) {
                throw new ReleaseVersionTakenException(version);
            }
            throw e;
        }
    }

    private static final String SELECT = """
            select r.id, r.project_id, p.name as project_name, r.version, r.notes, r.verdict_accept_only,
                   r.label_types, r.schema_version_id, r.state, r.progress_done, r.progress_total,
                   r.progress_message, r.error, r.task_count, r.files::text as files, r.created_by,
                   u.display_name as created_by_name, r.created_at, r.finished_at,
                   r.lerobot_mapping::text as lerobot_mapping
              from release r join project p on p.id = r.project_id join app_user u on u.id = r.created_by
            """;

    List<Release> releases(UUID organizationId, UUID projectId) {
        return dsl.resultQuery(SELECT + " where r.organization_id = ? and (?::uuid is null or r.project_id = ?)"
                        + " order by r.created_at desc, r.id desc", organizationId, projectId, projectId)
                .fetch(this::release);
    }

    /**
     * A page of the organization's releases, newest first: {@code limit} of them after the one with this creation
     * time and id (both null for the first page).
     */
    List<Release> releasesBefore(UUID organizationId, Instant beforeCreatedAt, UUID beforeId, int limit) {
        return dsl.resultQuery(SELECT + " where r.organization_id = ?"
                        + " and (?::uuid is null or (r.created_at, r.id) < (?::timestamptz, ?::uuid))"
                        + " order by r.created_at desc, r.id desc limit ?", organizationId, beforeId,
                beforeCreatedAt == null ? null : beforeCreatedAt.atOffset(java.time.ZoneOffset.UTC), beforeId, limit)
                .fetch(this::release);
    }

    Optional<Release> release(UUID organizationId, UUID releaseId) {
        return dsl.resultQuery(SELECT + " where r.organization_id = ? and r.id = ?", organizationId, releaseId)
                .fetchOptional(this::release);
    }

    Optional<String> report(UUID organizationId, UUID releaseId) {
        return dsl.resultQuery("select report::text from release where organization_id = ? and id = ? and state = 'ready'",
                organizationId, releaseId).fetchOptional(0, String.class);
    }

    private Release release(Record r) {
        ReleaseState state = ReleaseState.of(r.get("state", String.class));
        Set<LabelType> types = Arrays.stream(r.get("label_types", String[].class))
                .map(name -> LabelType.valueOf(name.toUpperCase(java.util.Locale.ROOT))).collect(Collectors.toSet());
        return new Release(r.get("id", UUID.class), r.get("project_id", UUID.class),
                r.get("project_name", String.class), r.get("version", String.class), r.get("notes", String.class),
                r.get("verdict_accept_only", Boolean.class), types, r.get("schema_version_id", UUID.class), state,
                new ReleaseProgress(state, r.get("progress_done", Integer.class), r.get("progress_total", Integer.class),
                        r.get("progress_message", String.class), r.get("error", String.class)),
                r.get("task_count", Integer.class), json.readValue(r.get("files", String.class), FILES),
                r.get("created_by", UUID.class), r.get("created_by_name", String.class),
                instant(r.get("created_at", OffsetDateTime.class)), instant(r.get("finished_at", OffsetDateTime.class)),
                mapping(r.get("lerobot_mapping", String.class)));
    }

    private LeRobotMapping mapping(String stored) {
        return stored == null ? null : json.readValue(stored, LeRobotMapping.class);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    // --- the build job ---------------------------------------------------------------------------------------------

    /** What the build job needs of a release, read without a signed-in member. */
    record BuildRow(UUID id, UUID organizationId, UUID projectId, String projectName, String version,
                    boolean verdictAcceptOnly, Set<String> labelTypes, UUID schemaVersionId, int schemaVersion,
                    String schemaDocument, ReleaseState state, LeRobotMapping lerobotMapping) {
    }

    Optional<BuildRow> buildRow(UUID releaseId) {
        return dsl.resultQuery("""
                        select r.organization_id, r.project_id, p.name, r.version, r.verdict_accept_only, r.label_types,
                               r.schema_version_id, v.version, v.document::text, r.state, r.lerobot_mapping::text
                          from release r join project p on p.id = r.project_id
                          join label_schema_version v on v.id = r.schema_version_id
                         where r.id = ?""", releaseId)
                .fetchOptional(r -> new BuildRow(releaseId, r.get(0, UUID.class), r.get(1, UUID.class),
                        r.get(2, String.class), r.get(3, String.class), r.get(4, Boolean.class),
                        Set.of(r.get(5, String[].class)), r.get(6, UUID.class), r.get(7, Integer.class),
                        r.get(8, String.class), ReleaseState.of(r.get(9, String.class)), mapping(r.get(10, String.class))));
    }

    int countAccepted(UUID organizationId, UUID projectId) {
        return dsl.resultQuery("""
                select count(*)::int from task
                 where organization_id = ? and project_id = ? and review_state = 'accepted'
                   and excluded_at is null""",
                organizationId, projectId).fetchSingle(0, Integer.class);
    }

    void progress(UUID releaseId, Integer total, String message) {
        dsl.execute("update release set progress_total = coalesce(?, progress_total), progress_message = ?"
                + " where id = ?", total, message, releaseId);
    }

    /** One batch of the copy: the last task id looked at (null when there was none), tasks looked at, copied. */
    record Batch(UUID last, int scanned, int copied) {
    }

    /**
     * Copies the next {@code limit} accepted tasks after {@code after} (task id order) into the release, in one
     * statement with the progress: labels, consensus and annotators' versions keep only {@code definitions}, and
     * with {@code verdictAcceptOnly} a task with an episode-level rejecting verdict of {@code verdictDefinitions}
     * is left out.
     */
    Batch copyBatch(BuildRow release, UUID after, int limit, String[] definitions, String[] verdictDefinitions) {
        return dsl.resultQuery("""
                        with batch as (
                            select t.id from task t
                             where t.organization_id = ? and t.project_id = ? and t.review_state = 'accepted'
                               and t.excluded_at is null and t.id > ?
                             order by t.id limit ?
                        ), kept as (
                            select t.* from task t join batch b on b.id = t.id
                             where not ? or not exists (
                                   select 1 from jsonb_array_elements(t.final_labels) l
                                    where l ->> 'definition' = any (?::text[]) and l ->> 'segment' is null
                                      and l -> 'accept' = 'false'::jsonb)
                        ), copied as (
                            insert into release_item (release_id, task_id, organization_id, episode_id, episode_name,
                                                      window_start_ns, window_end_ns, labels, consensus, agreement,
                                                      annotators, gold, accepted_by, accepted_by_name, accepted_at,
                                                      trim_start_ns, trim_end_ns)
                            select ?, t.id, t.organization_id, t.episode_id, e.name, t.window_start_ns, t.window_end_ns,
                                   release_filter_labels(t.final_labels, ?::text[]),
                                   case when t.consensus is null then null
                                        else release_filter_labels(t.consensus, ?::text[]) end,
                                   (select coalesce(jsonb_object_agg(k, v), '{}'::jsonb)
                                      from jsonb_each(coalesce(t.agreement, '{}'::jsonb)) as x(k, v)
                                     where k = any (?::text[])),
                                   (select coalesce(jsonb_agg(jsonb_build_object(
                                               'annotatorId', a.annotator_id, 'annotatorName', u.display_name,
                                               'assignmentId', a.id, 'submissionId', a.submission_id,
                                               'submittedAt', a.submitted_at,
                                               'labels', release_filter_labels(s.labels, ?::text[])) order by a.id),
                                               '[]'::jsonb)
                                      from assignment a join app_user u on u.id = a.annotator_id
                                      left join label_submission s on s.id = a.submission_id
                                     where a.task_id = t.id and a.state = 'submitted'),
                                   t.is_gold, t.accepted_by, acc.display_name, t.accepted_at,
                                   tr.start_ns, tr.end_ns
                              from kept t join episode e on e.id = t.episode_id
                              left join app_user acc on acc.id = t.accepted_by
                              left join episode_trim tr on tr.organization_id = t.organization_id
                                   and tr.project_id = t.project_id and tr.episode_id = t.episode_id
                            returning task_id
                        ), progress as (
                            update release set progress_done = progress_done + (select count(*) from batch)
                             where id = ? returning 1
                        )
                        select (select id from batch order by id desc limit 1) as last,
                               (select count(*) from batch)::int as scanned,
                               (select count(*) from copied)::int as copied,
                               (select count(*) from progress)::int as updated""",
                        release.organizationId(), release.projectId(), after, limit,
                        release.verdictAcceptOnly(), verdictDefinitions,
                        release.id(), definitions, definitions, definitions, definitions, release.id())
                .fetchSingle(r -> new Batch(r.get("last", UUID.class), r.get("scanned", Integer.class),
                        r.get("copied", Integer.class)));
    }

    /**
     * One frozen item, its jsonb as text; the trim accepted for its episode when the release was built (both null
     * when none was).
     */
    record ItemRow(UUID taskId, UUID episodeId, String episodeName, Long windowStartNs, Long windowEndNs,
                   String labels, String consensus, String agreement, String annotators, boolean gold,
                   UUID acceptedBy, String acceptedByName, OffsetDateTime acceptedAt, Long trimStartNs,
                   Long trimEndNs) {

        /** An item of an episode without an accepted trim. */
        ItemRow(UUID taskId, UUID episodeId, String episodeName, Long windowStartNs, Long windowEndNs, String labels,
                String consensus, String agreement, String annotators, boolean gold, UUID acceptedBy,
                String acceptedByName, OffsetDateTime acceptedAt) {
            this(taskId, episodeId, episodeName, windowStartNs, windowEndNs, labels, consensus, agreement, annotators,
                    gold, acceptedBy, acceptedByName, acceptedAt, null, null);
        }

        ItemRow withLabels(String labels, String consensus, String annotators) {
            return new ItemRow(taskId, episodeId, episodeName, windowStartNs, windowEndNs, labels, consensus,
                    agreement, annotators, gold, acceptedBy, acceptedByName, acceptedAt, trimStartNs, trimEndNs);
        }
    }

    /** The release's items after {@code after} in task id order (keyset pages: memory stays flat). */
    List<ItemRow> items(UUID releaseId, UUID after, int limit) {
        return dsl.resultQuery("""
                        select task_id, episode_id, episode_name, window_start_ns, window_end_ns, labels::text,
                               consensus::text, agreement::text, annotators::text, gold, accepted_by, accepted_by_name,
                               accepted_at, trim_start_ns, trim_end_ns
                          from release_item where release_id = ? and task_id > ? order by task_id limit ?""",
                        releaseId, after, limit)
                .fetch(r -> new ItemRow(r.get(0, UUID.class), r.get(1, UUID.class), r.get(2, String.class),
                        r.get(3, Long.class), r.get(4, Long.class), r.get(5, String.class), r.get(6, String.class),
                        r.get(7, String.class), r.get(8, String.class), r.get(9, Boolean.class),
                        r.get(10, UUID.class), r.get(11, String.class), r.get(12, OffsetDateTime.class),
                        r.get(13, Long.class), r.get(14, Long.class)));
    }

    int maxAnnotators(UUID releaseId) {
        return dsl.resultQuery("select coalesce(max(jsonb_array_length(annotators)), 0)::int from release_item"
                + " where release_id = ?", releaseId).fetchSingle(0, Integer.class);
    }

    record Gold(int scored, double accuracy) {
    }

    /** Gold accuracy per annotator on the project, now. */
    Map<UUID, Gold> goldAccuracy(UUID organizationId, UUID projectId) {
        Map<UUID, Gold> gold = new HashMap<>();
        dsl.resultQuery("""
                        select annotator_id, count(*)::int, avg(score) from gold_score
                         where organization_id = ? and project_id = ? group by annotator_id""",
                        organizationId, projectId)
                .forEach(r -> gold.put(r.get(0, UUID.class), new Gold(r.get(1, Integer.class), r.get(2, Double.class))));
        return gold;
    }

    /** @return false when the release was no longer building (another replica failed it as interrupted) */
    boolean ready(UUID releaseId, int taskCount, String reportJson, List<ReleaseFile> files) {
        return 1 == dsl.execute("""
                        update release set state = 'ready', task_count = ?, report = ?::jsonb, files = ?::jsonb,
                               progress_message = 'Ready', finished_at = now()
                         where id = ? and state = 'building'""",
                taskCount, reportJson, json.writeValueAsString(files), releaseId);
    }

    /** @return false when the release was no longer building */
    boolean failed(UUID releaseId, String error) {
        return 1 == dsl.execute("""
                        update release set state = 'failed', error = ?, progress_message = 'Failed', finished_at = now()
                         where id = ? and state = 'building'""",
                error.length() > 4000 ? error.substring(0, 4000) : error, releaseId);
    }

    // --- interrupted builds and their leftovers (ReleaseHeartbeats, ReleaseRecovery) ----------------------------------

    /** Stamps the releases' heartbeats with the database's clock; returns those that are still building. */
    List<UUID> heartbeat(List<UUID> releaseIds) {
        return dsl.resultQuery("""
                        update release set heartbeat_at = now()
                         where id = any (?::uuid[]) and state = 'building' returning id""",
                        (Object) releaseIds.toArray(UUID[]::new))
                .fetch(0, UUID.class);
    }

    /** A release the detector failed. */
    record Interrupted(UUID id, UUID organizationId, UUID projectId, String version) {
    }

    /**
     * Fails, as interrupted, the building releases with no live server: a heartbeat older than {@code staleSeconds},
     * or (never started) no heartbeat, no queued job and made more than {@code lostSeconds} ago. Releases in
     * {@code runningHere} are left alone whatever their stamp says. One statement: replicas racing here fail a
     * release once.
     */
    List<Interrupted> failInterrupted(long staleSeconds, long lostSeconds, Set<UUID> runningHere, String message) {
        return dsl.resultQuery("""
                        update release r
                           set state = 'failed', error = ?, progress_message = 'Failed', finished_at = now()
                         where r.state = 'building' and r.id <> all (?::uuid[])
                           and (r.heartbeat_at < now() - make_interval(secs => ?)
                                or r.heartbeat_at is null and r.created_at < now() - make_interval(secs => ?)
                                   and not exists (select 1 from release_scheduled_tasks t
                                                    where t.task_name = ? and t.task_instance = r.id::text))
                        returning r.id, r.organization_id, r.project_id, r.version""",
                        message, runningHere.toArray(UUID[]::new), (double) staleSeconds, (double) lostSeconds,
                        ReleaseScheduling.TASK_NAME)
                .fetch(r -> new Interrupted(r.get(0, UUID.class), r.get(1, UUID.class), r.get(2, UUID.class),
                        r.get(3, String.class)));
    }

    /** Which of the ids are organizations of this database (the blob store may be shared with another one). */
    Set<UUID> knownOrganizations(List<UUID> ids) {
        return Set.copyOf(dsl.resultQuery("select id from organization where id = any (?::uuid[])",
                (Object) ids.toArray(UUID[]::new)).fetch(0, UUID.class));
    }

    /** The state of each of the releases that exist, by id. */
    Map<UUID, ReleaseState> states(List<UUID> ids) {
        Map<UUID, ReleaseState> states = new HashMap<>();
        dsl.resultQuery("select id, state from release where id = any (?::uuid[])", (Object) ids.toArray(UUID[]::new))
                .forEach(r -> states.put(r.get(0, UUID.class), ReleaseState.of(r.get(1, String.class))));
        return states;
    }

    Optional<UUID> organizationOf(UUID releaseId) {
        return dsl.resultQuery("select organization_id from release where id = ?", releaseId)
                .fetchOptional(0, UUID.class);
    }
}
