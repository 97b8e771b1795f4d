package dev.touchstone.proposal.api;

import dev.touchstone.proposal.ProposalService;
import dev.touchstone.proposal.ProposerConfiguration;
import dev.touchstone.proposal.ProposerSettingsService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.util.UUID;

/**
 * A project's proposer settings over HTTP (docs/proposals.md, "Settings"): read, change by a JSON merge patch, reset
 * to the defaults. A change queues the signal proposers over the project's episodes again, so the stored proposals
 * follow the settings. Only translates HTTP to {@link ProposerSettingsService}, which checks roles and rules (422
 * with {@code problems} for a refused setting, through the shell's exception handler).
 */
@RestController
@RequestMapping("/api/v1/projects/{projectId}/proposer-settings")
@Tag(name = "Proposer settings", description = "Which streams and channels a project's signal proposers read, and"
        + " their thresholds")
class ProposerSettingsApiController {

    private final ProposerSettingsService settings;
    private final ProposalService proposals;

    ProposerSettingsApiController(ProposerSettingsService settings, ProposalService proposals) {
        this.settings = settings;
        this.proposals = proposals;
    }

    @GetMapping
    @Operation(summary = "A project's proposer settings (the defaults when it never changed them)")
    @ApiResponse(responseCode = "200", description = "The settings", content = @Content(schema =
            @Schema(implementation = ProposerConfiguration.class)))
    @ApiResponse(responseCode = "404", description = "No such project in your organization")
    JsonNode get(@PathVariable UUID projectId) {
        return settings.settingsJson(projectId);
    }

    @PatchMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    @Operation(summary = "Change a project's proposer settings (admins and project managers; token scope"
            + " data:write)", description = "A JSON merge patch (RFC 7396) of the settings: members left out keep"
            + " their value, objects are merged, arrays (hands, channels, phase rules) replaced. Streams and channels"
            + " are checked against the project's first episode, the phase plan and contact classes against its"
            + " schema. Once stored, the signal proposers run again over the project's episodes in the background.")
    @ApiResponse(responseCode = "200", description = "The settings now", content = @Content(schema =
            @Schema(implementation = ProposerConfiguration.class)))
    @ApiResponse(responseCode = "400", description = "A body that is not JSON")
    @ApiResponse(responseCode = "404", description = "No such project in your organization")
    @ApiResponse(responseCode = "422", description = "An unknown setting, a value of the wrong type, a threshold out"
            + " of range (negative, off not below on), a stream or channel the episodes lack, a class the schema"
            + " lacks: every problem in 'problems'")
    JsonNode patch(@PathVariable UUID projectId,
                   @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema =
                   @Schema(implementation = ProposerConfiguration.class))) @RequestBody JsonNode patch) {
        settings.patch(projectId, patch);
        proposals.proposeFromSignals(projectId);
        return settings.settingsJson(projectId);
    }

    @DeleteMapping
    @Operation(summary = "Reset a project's proposer settings to the defaults (admins and project managers; token"
            + " scope data:write)", description = "The signal proposers run again over the project's episodes.")
    @ApiResponse(responseCode = "200", description = "The settings now: the defaults", content = @Content(schema =
            @Schema(implementation = ProposerConfiguration.class)))
    @ApiResponse(responseCode = "404", description = "No such project in your organization")
    JsonNode reset(@PathVariable UUID projectId) {
        settings.reset(projectId);
        proposals.proposeFromSignals(projectId);
        return settings.settingsJson(projectId);
    }
}
