package dev.touchstone.curation.api;

import dev.touchstone.common.ApiProblem;
import dev.touchstone.common.CursorPage;
import dev.touchstone.curation.EpisodePair;
import dev.touchstone.curation.EpisodePairEntry;
import dev.touchstone.curation.EpisodePairExistsException;
import dev.touchstone.curation.EpisodePairs;
import dev.touchstone.curation.PairingReport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Episode pairs over HTTP (docs/curation.md, "Pairs"): a dataset's pairs, one pair by hand, pairing by a metadata
 * key, reading and deleting a pair. It only translates HTTP to {@link EpisodePairs}, which owns the rules and roles
 * (admins and project managers write, QA leads read; another organization's dataset, episode or pair is 404). Errors
 * are the shell's problems; a pair that exists already is 409.
 */
@RestController
@Tag(name = "Episode pairs", description = "Two episodes reviewed together: sim and real, rollout and demonstration,"
        + " two takes")
class PairApiController {

    /** A pair with its episodes' names. */
    @Schema(name = "EpisodePair")
    record PairJson(UUID id, UUID datasetId,
                    @Schema(description = "sim-real, rollout-demo or takes") String kind,
                    @Schema(description = "For sim-real the simulated episode") UUID first, String firstName,
                    @Schema(description = "For sim-real the real episode") UUID second, String secondName,
                    @Schema(description = "The metadata value both share when paired by key, or null") String key,
                    @Schema(description = "What the paired player adds to the second episode's clock, nanoseconds")
                    long offsetNanos,
                    Instant createdAt) {
        static PairJson of(EpisodePairEntry entry) {
            EpisodePair p = entry.pair();
            return new PairJson(p.id(), p.datasetId(), p.kind(), p.first(), entry.firstName(), p.second(),
                    entry.secondName(), p.key(), p.offsetNanos(), p.createdAt());
        }
    }

    /** The body of {@code POST /api/v1/datasets/{id}/pairs}. */
    @Schema(name = "NewEpisodePair")
    record NewPair(
            @Schema(description = "sim-real, rollout-demo or takes", example = "sim-real",
                    requiredMode = Schema.RequiredMode.REQUIRED) String kind,
            @Schema(description = "An episode of the dataset; for sim-real the simulated one",
                    requiredMode = Schema.RequiredMode.REQUIRED) UUID first,
            @Schema(description = "Another episode of the dataset; for sim-real the real one",
                    requiredMode = Schema.RequiredMode.REQUIRED) UUID second,
            @Schema(description = "What the two share, up to 2000 characters (optional)") String key,
            @Schema(description = "What the paired player adds to the second episode's clock, nanoseconds (default"
                    + " 0)") Long offsetNanos) {
    }

    /** The body of {@code POST /api/v1/datasets/{id}/pairs/by-key}. */
    @Schema(name = "PairByKey")
    record ByKey(
            @Schema(description = "The metadata key whose equal values pair episodes", example = "pair_key",
                    requiredMode = Schema.RequiredMode.REQUIRED) String metadataKey,
            @Schema(description = "sim-real (ordered by the variant metadata: sim, real), rollout-demo (rollout,"
                    + " demo) or takes (name order)", example = "sim-real",
                    requiredMode = Schema.RequiredMode.REQUIRED) String kind) {
    }

    private final EpisodePairs pairs;

    PairApiController(EpisodePairs pairs) {
        this.pairs = pairs;
    }

    @GetMapping("/api/v1/datasets/{datasetId}/pairs")
    @Operation(summary = "A dataset's episode pairs, oldest first, a page at a time (token scope read)")
    @ApiResponse(responseCode = "200", description = "A page; follow nextCursor until it is null")
    @ApiResponse(responseCode = "400", description = "A limit outside 1 to 500 or a cursor this API did not make")
    @ApiResponse(responseCode = "404", description = "No such dataset in your organization")
    CursorPage<PairJson> list(
            @PathVariable UUID datasetId,
            @Parameter(description = "Page size, 1 to 500 (default 50)") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the page before") @RequestParam(required = false) String cursor) {
        CursorPage<EpisodePairEntry> page = pairs.pairs(datasetId, cursor, limit);
        return new CursorPage<>(page.items().stream().map(PairJson::of).toList(), page.nextCursor());
    }

    @PostMapping(path = "/api/v1/datasets/{datasetId}/pairs", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Pair two episodes of the dataset (admins and project managers; token scope data:write)")
    @ApiResponse(responseCode = "201", description = "Paired",
            headers = @Header(name = "Location", description = "The new pair's URL"))
    @ApiResponse(responseCode = "404", description = "The dataset or an episode is not in your organization")
    @ApiResponse(responseCode = "409", description = "The two episodes are paired already")
    @ApiResponse(responseCode = "422", description = "An unknown kind, the same episode twice, an episode of another"
            + " dataset, a long key, or sim-real with a real episode first")
    ResponseEntity<PairJson> create(@PathVariable UUID datasetId, @RequestBody NewPair request) {
        EpisodePair pair = pairs.create(datasetId, request.kind(), request.first(), request.second(), request.key(),
                request.offsetNanos() == null ? 0 : request.offsetNanos());
        return ResponseEntity.created(URI.create("/api/v1/pairs/" + pair.id())).body(PairJson.of(pairs.entry(pair.id())));
    }

    @PostMapping(path = "/api/v1/datasets/{datasetId}/pairs/by-key", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Pair the dataset's episodes that share a metadata value (admins and project managers;"
            + " token scope data:write)", description = "Two episodes per value; a value on one episode, on three or"
            + " more, or on two without one of each variant the kind needs is reported in issues and left unpaired."
            + " Values whose episodes are paired already are counted in alreadyPaired, so repeating the call is safe.")
    @ApiResponse(responseCode = "200", description = "What was paired and what was not")
    @ApiResponse(responseCode = "404", description = "No such dataset in your organization")
    @ApiResponse(responseCode = "422", description = "A blank or long key, or an unknown kind")
    PairingReport byKey(@PathVariable UUID datasetId, @RequestBody ByKey request) {
        return pairs.pairByKey(datasetId, request.metadataKey(), request.kind());
    }

    @GetMapping("/api/v1/pairs/{pairId}")
    @Operation(summary = "One episode pair with its episodes' names (token scope read)")
    @ApiResponse(responseCode = "200", description = "The pair")
    @ApiResponse(responseCode = "404", description = "No such pair in your organization")
    PairJson pair(@PathVariable UUID pairId) {
        return PairJson.of(pairs.entry(pairId));
    }

    @DeleteMapping("/api/v1/pairs/{pairId}")
    @Operation(summary = "Delete an episode pair; its episodes stay (admins and project managers; token scope"
            + " data:write)")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such pair in your organization")
    ResponseEntity<Void> delete(@PathVariable UUID pairId) {
        pairs.delete(pairId);
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(EpisodePairExistsException.class)
    ResponseEntity<Map<String, Object>> exists(EpisodePairExistsException e) {
        return ApiProblem.response(HttpStatus.CONFLICT, e.getMessage());
    }
}
