package dev.touchstone.dataset.api;

import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.organization.NotFoundInOrganizationException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One episode over HTTP (docs/api.md, "Datasets and episodes"): read it with its streams and metadata, change its
 * description and metadata. Translates HTTP to {@link DatasetService}; another organization's episode is 404.
 */
@RestController
@RequestMapping("/api/v1/episodes/{episodeId}")
@Tag(name = "Episodes", description = "Recorded robot episodes, their streams and metadata")
class EpisodeApiController {

    /** An episode with its streams and metadata. */
    @Schema(name = "EpisodeDetail")
    record EpisodeDetailJson(
            UUID id, UUID datasetId, String datasetName, String name,
            @Schema(description = "What the robot does; the task of a LeRobot export") String description,
            String robot, String operator, long durationNanos, String sourceFormat, String sourceFile,
            java.time.Instant recordedAt, java.time.Instant importedAt,
            @Schema(description = "Facts about the episode, strings by name") Map<String, String> metadata,
            List<StreamInfo> streams) {

        static EpisodeDetailJson of(EpisodeDetail detail) {
            var e = detail.episode();
            return new EpisodeDetailJson(e.id(), e.datasetId(), detail.datasetName(), e.name(), e.task(), e.robot(),
                    e.operator(), e.durationNanos(), e.sourceFormat(), e.sourceFile(), e.recordedAt(),
                    e.importedAt(), detail.metadata(), detail.streams());
        }
    }

    /** The body of {@code PATCH}: what is not given stays as it is. */
    @Schema(name = "EpisodeChange")
    record EpisodeChange(
            @Schema(description = "The new description (task text), at most 10,000 characters")
            String description,
            @Schema(description = "Merged into the metadata: a key with a string sets it, a key with null removes"
                    + " it, keys not named stay", example = "{\"operator_shift\": \"night\", \"retake\": null}")
            Map<String, String> metadata) {
    }

    private final DatasetService datasets;

    EpisodeApiController(DatasetService datasets) {
        this.datasets = datasets;
    }

    @GetMapping
    @Operation(summary = "An episode with its streams and metadata (token scope read)")
    @ApiResponse(responseCode = "200", description = "The episode")
    @ApiResponse(responseCode = "404", description = "No such episode in your organization (or, for an annotator,"
            + " not in one of their tasks)")
    EpisodeDetailJson episode(@PathVariable UUID episodeId) {
        return datasets.episode(episodeId).map(EpisodeDetailJson::of)
                .orElseThrow(() -> new NotFoundInOrganizationException("No such episode"));
    }

    @PatchMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change an episode's description and merge its metadata (admins and project managers;"
            + " token scope data:write)")
    @ApiResponse(responseCode = "200", description = "The episode as changed")
    @ApiResponse(responseCode = "400", description = "A body that is not the expected JSON (metadata values must"
            + " be strings or null)")
    @ApiResponse(responseCode = "404", description = "No such episode in your organization")
    @ApiResponse(responseCode = "422", description = "A description too long, a blank or long key, a long value, or"
            + " more than 200 keys; every problem in 'problems', nothing changed")
    EpisodeDetailJson change(@PathVariable UUID episodeId, @RequestBody EpisodeChange change) {
        return EpisodeDetailJson.of(datasets.updateEpisode(episodeId, change.description(), change.metadata()));
    }
}
