package dev.touchstone.proposal.api;

import dev.touchstone.labeling.Label;
import dev.touchstone.proposal.ProposalService;
import dev.touchstone.proposal.ProposalSet;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The predictions API (docs/proposals.md, "Predictions API"): a model posts its labels for one episode of a project
 * under a source name and version, in the drafts' label JSON. It only translates HTTP to
 * {@link ProposalService#store}, which owns the transaction, the role check and validation; the shell's exception
 * handler answers its exceptions as problems (422 with {@code problems} for broken label rules). Bodies are limited to
 * {@link ProposalService#MAX_PREDICTIONS_BYTES} ({@link PredictionsApiConfiguration}).
 */
@RestController
@Tag(name = "Predictions", description = "A model's labels for a project's episodes, shown as proposals")
class PredictionsApiController {

    /**
     * The body of a post.
     *
     * @param confidence by label id, each in [0, 1]; labels not named have none (null)
     */
    @Schema(name = "Predictions")
    record PredictionsRequest(
            @Schema(description = "Who predicts, e.g. a model's name; 1 to 100 characters, not starting with"
                    + " 'signals.'", example = "vlm-segmenter", requiredMode = Schema.RequiredMode.REQUIRED)
            String source,
            @Schema(description = "The source's version, 1 to 100 characters", example = "2026-11",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            String version,
            @ArraySchema(arraySchema = @Schema(description = "Labels exactly as in drafts (docs/labeling/api.md):"
                    + " objects with kind phase, event, value, box2d or cuboid3d, an id (UUID), a definition of the"
                    + " project's schema version, times in episode nanoseconds"),
                    schema = @Schema(type = "object", example = "{\"kind\": \"phase\", \"id\":"
                            + " \"0b5c3f8e-6f0a-4c1e-9a55-2f1d7f8b1a01\", \"definition\": \"phase\", \"track\":"
                            + " \"main\", \"classKey\": \"reach\", \"start\": 0, \"end\": 1500000000}"))
            List<Label> labels,
            @Schema(description = "Optional confidence per label id, each from 0 to 1; a label not named has none"
                    + " (null), shown as 'no confidence'",
                    example = "{\"0b5c3f8e-6f0a-4c1e-9a55-2f1d7f8b1a01\": 0.9}")
            Map<UUID, Double> confidence) {
    }

    private final ProposalService proposals;

    PredictionsApiController(ProposalService proposals) {
        this.proposals = proposals;
    }

    @PostMapping("/api/v1/projects/{projectId}/episodes/{episodeId}/predictions")
    @Operation(summary = "Store a model's predictions for an episode of a project (admins and project managers;"
            + " token scope predictions:write)",
            description = "Replaces what the same source and version stored for the episode before, as a whole;"
                    + " nothing is stored unless every label is valid against the project's schema version and the"
                    + " episode. The newest set of each source is what the labeling workspace proposes.")
    @ApiResponse(responseCode = "200", description = "Stored: the set, with how many labels it holds")
    @ApiResponse(responseCode = "400", description = "A body that is not the expected JSON, or an id that is not a"
            + " UUID")
    @ApiResponse(responseCode = "422", description = "A missing or long source or version, a source starting with"
            + " 'signals.', or labels or confidences that break the rules (every problem in 'problems')")
    @ApiResponse(responseCode = "404", description = "No such project in your organization, or the episode is not"
            + " in the project")
    @ApiResponse(responseCode = "413", description = "A body larger than 16 MB (declared or read)")
    ProposalSet post(@PathVariable UUID projectId, @PathVariable UUID episodeId,
                     @RequestBody PredictionsRequest request) {
        return proposals.store(projectId, episodeId, request.source(), request.version(), request.labels(),
                request.confidence());
    }
}
