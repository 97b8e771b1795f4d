package dev.touchstone.labeling.api;

import dev.touchstone.common.CursorPage;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.SchemaSummary;
import dev.touchstone.labeling.SchemaVersion;
import dev.touchstone.organization.NotFoundInOrganizationException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * Label schemas over HTTP (docs/api.md, "Label schemas"): list, read the newest version, make one from the JSON
 * exchange format the schema editor imports and exports (docs/labeling/schema.md). Translates HTTP to
 * {@link LabelSchemaService}, which owns roles (admins, project managers and QA leads read; admins and project
 * managers make), validation and the audit line; another organization's schema is 404.
 */
@RestController
@RequestMapping("/api/v1/schemas")
@Tag(name = "Label schemas", description = "What annotators label: definitions of phases, events, values, boxes")
class SchemaApiController {

    /** A schema's newest version. */
    @Schema(name = "LabelSchemaVersion")
    record SchemaJson(
            UUID schemaId, String name,
            @Schema(description = "The newest version's id; projects are made with it") UUID versionId,
            int version,
            @Schema(description = "Something refers to this version (a project, a draft), so it will never change")
            boolean inUse,
            Instant updatedAt,
            @Schema(description = "The version in the JSON exchange format of docs/labeling/schema.md, as the"
                    + " schema editor exports it and POST takes it", type = "object")
            JsonNode schema) {
    }

    /** A schema in the list. */
    @Schema(name = "LabelSchemaSummary")
    record SummaryJson(UUID schemaId, String name, UUID latestVersionId, int latestVersion, int definitions,
                       boolean latestInUse, Instant updatedAt) {

        static SummaryJson of(SchemaSummary s) {
            return new SummaryJson(s.schemaId(), s.name(), s.latestVersionId(), s.latestVersion(), s.definitions(),
                    s.latestInUse(), s.updatedAt() == null ? null : s.updatedAt().toInstant());
        }
    }

    private final LabelSchemaService schemas;
    private final JsonMapper json;

    SchemaApiController(LabelSchemaService schemas, JsonMapper json) {
        this.schemas = schemas;
        this.json = json;
    }

    @GetMapping
    @Operation(summary = "The organization's label schemas, oldest first, a page at a time (token scope read)")
    @ApiResponse(responseCode = "200", description = "A page; follow nextCursor until it is null")
    @ApiResponse(responseCode = "400", description = "A limit outside 1 to 500 or a cursor this API did not make")
    CursorPage<SummaryJson> list(
            @Parameter(description = "Page size, 1 to 500 (default 50)") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the page before") @RequestParam(required = false) String cursor) {
        var page = schemas.schemaPage(cursor, limit);
        return new CursorPage<>(page.items().stream().map(SummaryJson::of).toList(), page.nextCursor());
    }

    @GetMapping("/{schemaId}")
    @Operation(summary = "A label schema's newest version with its definitions (token scope read)")
    @ApiResponse(responseCode = "200", description = "The newest version")
    @ApiResponse(responseCode = "404", description = "No such label schema in your organization")
    SchemaJson schema(@PathVariable UUID schemaId) {
        return of(schemas.latest(schemaId)
                .orElseThrow(() -> new NotFoundInOrganizationException("No such label schema")));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Make a label schema from the JSON exchange format (admins and project managers; token"
            + " scope data:write)", description = "The body is a schema file as the schema editor exports it:"
            + " {\"format\": \"touchstone-label-schema/1\", \"name\": ..., \"definitions\": [...]}")
    @ApiResponse(responseCode = "201", description = "Made: version 1",
            headers = @Header(name = "Location", description = "The new schema's URL"))
    @ApiResponse(responseCode = "400", description = "A body that is not JSON")
    @ApiResponse(responseCode = "422", description = "JSON that is not a valid label schema, or a name in use;"
            + " every problem in 'problems'")
    ResponseEntity<SchemaJson> create(@RequestBody JsonNode body) {
        SchemaVersion made = schemas.importJson(json.writeValueAsString(body));
        return ResponseEntity.created(URI.create("/api/v1/schemas/" + made.schemaId())).body(of(made));
    }

    private SchemaJson of(SchemaVersion version) {
        return new SchemaJson(version.schemaId(), version.name(), version.id(), version.version(), version.inUse(),
                version.updatedAt() == null ? null : version.updatedAt().toInstant(),
                json.readTree(schemas.exportJson(version.id())));
    }
}
