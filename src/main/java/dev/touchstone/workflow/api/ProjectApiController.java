package dev.touchstone.workflow.api;

import dev.touchstone.common.CursorPage;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.SchemaVersion;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.workflow.NewProject;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.ProjectProgress;
import dev.touchstone.workflow.TaskStatus;
import dev.touchstone.workflow.WorkflowApiService;
import dev.touchstone.workflow.WorkflowService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Projects over HTTP (docs/workflow/api.md): list, create, read, settings, progress, their tasks and the tasks
 * waiting for review. Reads take a session or a token with the {@code read} scope, changes a token with
 * {@code data:write}; the member's role decides as in the screens (reads: admins, project managers and QA leads;
 * changes: admins and project managers; the review list: admins and QA leads). Another organization's project is
 * 404.
 */
@RestController
@RequestMapping("/api/v1/projects")
@Tag(name = "Projects", description = "Projects (a dataset, a label schema version and workflow settings), their "
        + "tasks, settings and progress")
class ProjectApiController {

    private final WorkflowApiService api;
    private final WorkflowService workflow;
    private final LabelSchemaService schemas;
    private final JsonMapper json;

    ProjectApiController(WorkflowApiService api, WorkflowService workflow, LabelSchemaService schemas,
                         JsonMapper json) {
        this.api = api;
        this.workflow = workflow;
        this.schemas = schemas;
        this.json = json;
    }

    @Schema(name = "NewProject", description = "A project to create: one task per episode of the dataset (or per "
            + "window of windowSeconds), all made at once")
    record NewProjectBody(
            @Schema(description = "1-200 characters, unique in the organization", requiredMode = Schema.RequiredMode.REQUIRED)
            String name,
            @Schema(description = "The dataset whose episodes become tasks", requiredMode = Schema.RequiredMode.REQUIRED)
            UUID datasetId,
            @Schema(description = "The label schema; its latest version is used. Give this or schemaVersionId")
            UUID schemaId,
            @Schema(description = "One exact version of a label schema (instead of schemaId)")
            UUID schemaVersionId,
            @Schema(description = "Optional: episodes longer than this many seconds become one task per window "
                    + "(at least 1)")
            Long windowSeconds,
            @Schema(description = "Optional: only these annotators (user ids) may work on the project")
            Set<UUID> annotatorIds,
            @Schema(description = "Optional settings; left out: overlap 3, gold rate 0.1, lease 1800 s, priority 0 "
                    + "and the default quality settings (review disagreements)")
            JsonNode settings) {
    }

    @Schema(name = "ProjectProgress", description = "How a project is doing")
    record Progress(
            @Schema(description = "Tasks per state: unstarted, in_progress, review, accepted (the states of "
                    + "GET /projects/{id}/tasks?state=)")
            Map<String, Integer> tasksByState,
            @Schema(description = "Submissions and accepted tasks per UTC day, the last 14 days, oldest first")
            List<ProjectProgress.Day> throughput,
            @Schema(description = "Median seconds from claim to submit of submitted assignments; null when none")
            Double medianSecondsPerTask,
            @Schema(description = "Annotators holding a live lease now")
            int activeNow,
            @Schema(description = "Annotators who submitted in the last 24 hours")
            int activeToday,
            @Schema(description = "Each annotator on the project: submissions, gold accuracy (null until a gold "
                    + "submission is scored), pause")
            List<ProjectProgress.AnnotatorStanding> annotators) {
    }

    @GetMapping
    @Operation(summary = "The organization's projects, oldest first (admins, project managers, QA leads)")
    @ApiResponse(responseCode = "200", description = "One page; follow nextCursor")
    @ApiResponse(responseCode = "400", description = "A limit outside 1-500 or a cursor this list did not make")
    CursorPage<Project> list(@Parameter(description = "Page size, 1-500 (default 50)") @RequestParam(required = false) Integer limit,
                             @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        return api.projects(cursor, CursorPage.limit(limit));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a project (admins and project managers; token scope data:write)",
            description = "Makes one task per episode of the dataset at once, as the new project dialog does; "
                    + "there is no separate step that adds episodes. Settings are checked as the settings form "
                    + "checks them, and settings that are refused leave no project behind.")
    @ApiResponse(responseCode = "201", description = "Created",
            headers = @Header(name = "Location", description = "The new project's URL"))
    @ApiResponse(responseCode = "400", description = "A body that is not JSON")
    @ApiResponse(responseCode = "404", description = "No such dataset or schema in your organization")
    @ApiResponse(responseCode = "422", description = "A missing or refused value: name, schema, a setting out of "
            + "range, a taken name, an empty dataset")
    ResponseEntity<Project> create(@RequestBody NewProjectBody body) {
        if (body.datasetId() == null) {
            throw new InvalidBodyException("datasetId is required");
        }
        UUID version = schemaVersion(body);
        SettingsJson.Settings settings = SettingsJson.merge(json, SettingsJson.defaults(), body.settings());
        Long window = body.windowSeconds() == null ? null : body.windowSeconds() * 1_000_000_000L;
        Project project = InvalidBodyException.checking(() -> {
            NewProject request = new NewProject(body.name(), body.datasetId(), version,
                    SettingsJson.required(settings.overlap(), "overlap"),
                    SettingsJson.required(settings.goldRate(), "goldRate"),
                    SettingsJson.required(settings.leaseSeconds(), "leaseSeconds"),
                    settings.priority() == null ? 0 : settings.priority(), settings.deadline(), window,
                    body.annotatorIds());
            return api.createProject(request, settings.quality());
        });
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}")
                .buildAndExpand(project.id()).toUri()).body(project);
    }

    private UUID schemaVersion(NewProjectBody body) {
        if (body.schemaVersionId() != null) {
            return body.schemaVersionId();
        }
        if (body.schemaId() == null) {
            throw new InvalidBodyException("schemaId (or schemaVersionId) is required");
        }
        return schemas.latest(body.schemaId()).map(SchemaVersion::id)
                .orElseThrow(() -> new NotFoundInOrganizationException("Label schema"));
    }

    @GetMapping("/{projectId}")
    @Operation(summary = "One project, with its task counts")
    @ApiResponse(responseCode = "200", description = "The project")
    @ApiResponse(responseCode = "404", description = "No such project in your organization")
    Project project(@PathVariable UUID projectId) {
        return workflow.project(projectId).orElseThrow(() -> new NotFoundInOrganizationException("Project"));
    }

    @GetMapping("/{projectId}/settings")
    @Operation(summary = "A project's settings")
    @ApiResponse(responseCode = "200", description = "The settings")
    @ApiResponse(responseCode = "404", description = "No such project in your organization")
    SettingsJson.Settings settings(@PathVariable UUID projectId) {
        return SettingsJson.of(project(projectId), workflow.settings(projectId));
    }

    @PatchMapping(path = "/{projectId}/settings", consumes = {MediaType.APPLICATION_JSON_VALUE,
            "application/merge-patch+json"})
    @Operation(summary = "Change a project's settings (admins and project managers; token scope data:write)",
            description = "A JSON merge patch of the settings: fields left out keep their value. Overlap can grow, "
                    + "never shrink; the rest applies to tasks completed from now on.")
    @ApiResponse(responseCode = "200", description = "The settings now")
    @ApiResponse(responseCode = "400", description = "A body that is not JSON")
    @ApiResponse(responseCode = "404", description = "No such project in your organization")
    @ApiResponse(responseCode = "422", description = "An unknown setting, a value of the wrong type or out of range")
    SettingsJson.Settings patchSettings(@PathVariable UUID projectId,
                                        @io.swagger.v3.oas.annotations.parameters.RequestBody(content =
                                        @io.swagger.v3.oas.annotations.media.Content(schema =
                                        @Schema(implementation = SettingsJson.Settings.class)))
                                        @RequestBody JsonNode patch) {
        SettingsJson.Settings settings = SettingsJson.merge(json, settings(projectId), patch);
        InvalidBodyException.checking(() -> workflow.updateProject(projectId,
                SettingsJson.required(settings.overlap(), "overlap"),
                SettingsJson.required(settings.goldRate(), "goldRate"),
                SettingsJson.required(settings.leaseSeconds(), "leaseSeconds"),
                settings.priority() == null ? 0 : settings.priority(), settings.deadline(), settings.quality()));
        return settings(projectId);
    }

    @GetMapping("/{projectId}/progress")
    @Operation(summary = "How a project is doing: tasks per state, throughput, annotators")
    @ApiResponse(responseCode = "200", description = "The progress")
    @ApiResponse(responseCode = "404", description = "No such project in your organization")
    Progress progress(@PathVariable UUID projectId) {
        ProjectProgress p = workflow.progress(projectId);
        Map<String, Integer> states = new LinkedHashMap<>();
        p.tasksByState().forEach((state, count) -> states.put(state.replace(' ', '_'), count));
        return new Progress(states, p.throughput(), p.medianSecondsPerTask(), p.activeNow(), p.activeToday(),
                p.annotators());
    }

    @GetMapping("/{projectId}/tasks")
    @Operation(summary = "A project's tasks in creation order, optionally in one state")
    @ApiResponse(responseCode = "200", description = "One page; follow nextCursor")
    @ApiResponse(responseCode = "400", description = "An unknown state, a limit outside 1-500 or a foreign cursor")
    @ApiResponse(responseCode = "404", description = "No such project in your organization")
    CursorPage<TaskStatus> tasks(@PathVariable UUID projectId,
                                 @Parameter(description = "Only tasks in this state", schema = @Schema(
                                         allowableValues = {"unstarted", "in_progress", "review", "accepted"}))
                                 @RequestParam(required = false) String state,
                                 @Parameter(description = "Page size, 1-500 (default 50)") @RequestParam(required = false) Integer limit,
                                 @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        return api.tasks(projectId, state, cursor, CursorPage.limit(limit));
    }

    @GetMapping("/{projectId}/reviews")
    @Operation(summary = "A project's tasks waiting for review (admins and QA leads)",
            description = "Those marked to review first first, then oldest complete first. Decide one with "
                    + "POST /api/v1/tasks/{taskId}/review.")
    @ApiResponse(responseCode = "200", description = "One page; follow nextCursor")
    @ApiResponse(responseCode = "400", description = "A limit outside 1-500 or a foreign cursor")
    @ApiResponse(responseCode = "404", description = "No such project in your organization")
    CursorPage<TaskStatus> reviews(@PathVariable UUID projectId,
                                   @Parameter(description = "Page size, 1-500 (default 50)") @RequestParam(required = false) Integer limit,
                                   @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        return api.waitingForReview(projectId, cursor, CursorPage.limit(limit));
    }

}
