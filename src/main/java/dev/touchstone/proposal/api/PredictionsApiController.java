package dev.touchstone.proposal.api;

import dev.touchstone.common.ApiBodyLimitFilter;
import dev.touchstone.common.ApiProblem;
import dev.touchstone.labeling.InvalidLabelsException;
import dev.touchstone.labeling.Label;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.proposal.ProposalService;
import dev.touchstone.proposal.ProposalSet;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The predictions API (docs/proposals.md, "Predictions API"): a model posts its labels for one episode of a project
 * under a source name and version, in the drafts' label JSON. It only translates HTTP to
 * {@link ProposalService#store}, which owns the transaction, the role check and validation, and its exceptions to
 * problems ({@link ApiProblem}, plus {@code problems} for broken label rules). Bodies are limited to
 * {@link ProposalService#MAX_PREDICTIONS_BYTES} ({@link PredictionsApiConfiguration}).
 */
@RestController
@Tag(name = "Predictions", description = "A model's labels for a project's episodes, shown as proposals")
class PredictionsApiController {

    /**
     * The body of a post.
     *
     * @param confidence by label id, each in [0, 1]; labels not named get 1.0
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
            @Schema(description = "Optional confidence per label id, each from 0 to 1; a label not named gets 1.0",
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
    @ApiResponse(responseCode = "400", description = "A body that is not the expected JSON, a missing or long source"
            + " or version, a source starting with 'signals.', or labels or confidences that break the rules (every"
            + " problem in 'problems')")
    @ApiResponse(responseCode = "404", description = "No such project in your organization, or the episode is not"
            + " in the project")
    @ApiResponse(responseCode = "413", description = "A body larger than 16 MB (declared or read)")
    ProposalSet post(@PathVariable UUID projectId, @PathVariable UUID episodeId,
                     @RequestBody PredictionsRequest request) {
        return proposals.store(projectId, episodeId, request.source(), request.version(), request.labels(),
                request.confidence());
    }

    // --- errors: problems (ApiProblem), with "problems" for broken label rules --------------------------------

    @ExceptionHandler(InvalidLabelsException.class)
    ResponseEntity<Map<String, Object>> invalidLabels(InvalidLabelsException e) {
        ProblemDetail problem = ApiProblem.of(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setProperty("problems", e.problems());
        return ApiProblem.response(problem, HttpHeaders.EMPTY);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> malformed(IllegalArgumentException e) {
        return ApiProblem.response(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(NotFoundInOrganizationException.class)
    ResponseEntity<Map<String, Object>> notFound(NotFoundInOrganizationException e) {
        return ApiProblem.response(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Map<String, Object>> forbidden(AccessDeniedException e) {
        return ApiProblem.response(HttpStatus.FORBIDDEN, "Only admins and project managers can store predictions");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> badId(MethodArgumentTypeMismatchException e) {
        return ApiProblem.response(HttpStatus.BAD_REQUEST, "'" + e.getValue() + "' is not an id (a UUID)");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return ApiProblem.response(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Send the body as JSON (Content-Type: application/json)");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        if (ApiBodyLimitFilter.tooLarge(e) != null) {
            return ApiProblem.response(HttpStatus.CONTENT_TOO_LARGE, PredictionsApiConfiguration.TOO_LARGE);
        }
        return ApiProblem.response(HttpStatus.BAD_REQUEST, ApiProblem.describe(e));
    }
}
