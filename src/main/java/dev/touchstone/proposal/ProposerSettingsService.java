package dev.touchstone.proposal;

import dev.touchstone.common.InvalidInputException;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.labeling.DraftLifecycle;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import org.jooq.JSONB;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A project's proposer settings (docs/proposals.md, "Settings"): read by admins, project managers and QA leads,
 * changed by those who manage projects. Settings are checked before they are stored: every threshold by the records'
 * own rules (no negative durations, 0 &lt; off &lt; on...), the streams and channels against the project's first
 * episode, and the phase plan and contact classes against the project's schema version. A project that never saved
 * settings has {@link ProposerConfiguration#defaults()}. The signal proposers read them for every run
 * ({@link #forProject}); stored proposals change when the proposers run again ({@link ProposalService#proposeFromSignals}).
 */
@Service
public class ProposerSettingsService {

    // On the reading methods, not on the class: a class-level rule would also guard forProject, which the proposers
    // call for an annotator whose workspace asks for proposals.
    private static final String READERS = "hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')";

    /**
     * A project's settings as in force.
     *
     * @param stored    false when the project uses the defaults (it never saved settings, or reset them)
     * @param updatedAt when they were saved, null for the defaults
     */
    public record ProjectProposerSettings(UUID projectId, ProposerConfiguration configuration, boolean stored,
                                          Instant updatedAt) {
    }

    private final CurrentOrganization current;
    private final ProposalProjects projects;
    private final ProposerSettingsRepository repository;
    private final DatasetService datasets;
    private final DraftLifecycle drafts;
    private final JsonMapper json;
    private final ObjectReader strictReader;

    ProposerSettingsService(CurrentOrganization current, ProposalProjects projects,
                            ProposerSettingsRepository repository, DatasetService datasets, DraftLifecycle drafts,
                            JsonMapper json) {
        this.current = current;
        this.projects = projects;
        this.repository = repository;
        this.datasets = datasets;
        this.drafts = drafts;
        this.json = json;
        // A misspelt setting must be refused, not silently dropped, and a number must not become 0 by omission.
        this.strictReader = json.readerFor(ProposerConfiguration.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public ProjectProposerSettings settings(UUID projectId) {
        UUID organizationId = current.id();
        schema(organizationId, projectId);
        return read(organizationId, projectId);
    }

    /** The settings as the API shows them: {@link ProposerConfiguration} as JSON. */
    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public JsonNode settingsJson(UUID projectId) {
        return json.valueToTree(settings(projectId).configuration());
    }

    /**
     * Stores the project's settings.
     *
     * @throws InvalidInputException           with every problem (a stream or channel the project's episodes lack,
     *                                         a phase class or contact class the schema lacks); nothing is stored
     * @throws NotFoundInOrganizationException for a project not in the current organization
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public ProjectProposerSettings save(UUID projectId, ProposerConfiguration configuration) {
        UUID organizationId = current.id();
        LabelSchema schema = schema(organizationId, projectId);
        if (configuration == null) {
            throw new InvalidInputException(List.of("Proposer settings are required"));
        }
        List<String> problems = problems(organizationId, projectId, schema, configuration);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        repository.upsert(organizationId, projectId, JSONB.valueOf(json.writeValueAsString(configuration)),
                current.requireUser().userId());
        return read(organizationId, projectId);
    }

    /**
     * Changes the project's settings by a JSON merge patch (RFC 7396) of {@link ProposerConfiguration}'s JSON:
     * members left out keep their value, objects are merged, arrays (hands, channels, phase rules) replaced.
     *
     * @throws InvalidInputException for a patch that is not an object, names a setting that does not exist, gives a
     *                               value of the wrong type or breaks a rule; nothing is stored
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public ProjectProposerSettings patch(UUID projectId, JsonNode mergePatch) {
        UUID organizationId = current.id();
        schema(organizationId, projectId);
        if (mergePatch == null || !mergePatch.isObject()) {
            throw new InvalidInputException(List.of("The proposer settings must be a JSON object"));
        }
        JsonNode merged = merge(json.valueToTree(read(organizationId, projectId).configuration()), mergePatch);
        return save(projectId, parse(merged));
    }

    /** Back to the defaults: the stored settings are removed. */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public ProjectProposerSettings reset(UUID projectId) {
        UUID organizationId = current.id();
        schema(organizationId, projectId);
        repository.delete(organizationId, projectId);
        return read(organizationId, projectId);
    }

    /** The project's settings for the proposers, without security (callers resolved the organization). */
    ProposerConfiguration forProject(UUID organizationId, UUID projectId) {
        return read(organizationId, projectId).configuration();
    }

    private ProjectProposerSettings read(UUID organizationId, UUID projectId) {
        Optional<ProposerSettingsRepository.Row> row = repository.settings(organizationId, projectId);
        if (row.isEmpty()) {
            return new ProjectProposerSettings(projectId, ProposerConfiguration.defaults(), false, null);
        }
        // Stored settings were checked when saved; one that no longer reads is a fault to see, not to hide
        // behind the defaults.
        ProposerConfiguration configuration = json.readValue(row.get().settings().data(),
                ProposerConfiguration.class);
        return new ProjectProposerSettings(projectId, configuration, true, row.get().updatedAt().toInstant());
    }

    /** The JSON as settings, or every reason it is not. */
    private ProposerConfiguration parse(JsonNode document) {
        try {
            return strictReader.readValue(document);
        } catch (JacksonException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause != cause.getCause()) {
                cause = cause.getCause();
            }
            String where = e instanceof tools.jackson.databind.DatabindException d && !d.getPath().isEmpty()
                    ? " at '" + path(d) + "'" : "";
            String why = cause instanceof IllegalArgumentException || cause instanceof NullPointerException
                    ? cause.getMessage() : e.getOriginalMessage();
            throw new InvalidInputException(List.of("Proposer settings refused" + where + ": " + why));
        }
    }

    private static String path(tools.jackson.databind.DatabindException e) {
        StringBuilder out = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** RFC 7396: objects merged member by member, null removes, anything else replaces. */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : JsonMapper.shared().createObjectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
            }
        }
        return out;
    }

    /**
     * What is wrong with the settings for this project: streams and channels its first episode lacks (the episodes
     * of a dataset are recorded alike; the proposers name any other episode's missing stream in its set's note), the
     * phase plan's and the contact definition's classes against the schema.
     */
    List<String> problems(UUID organizationId, UUID projectId, LabelSchema schema,
                          ProposerConfiguration configuration) {
        List<String> problems = new ArrayList<>();
        ProposerSettings settings = configuration.proposers();
        schemaProblems(schema, settings, problems);
        List<UUID> episodes = projects.episodes(organizationId, projectId);
        if (episodes.isEmpty()) {
            return problems;
        }
        Optional<EpisodeDetail> first = datasets.episode(episodes.getFirst());
        if (first.isEmpty()) {
            return problems;
        }
        Map<String, StreamInfo> streams = new LinkedHashMap<>();
        first.get().streams().forEach(s -> streams.put(s.name(), s));
        String episode = first.get().episode().name();
        for (ProposerSettings.Hand hand : settings.hands()) {
            String who = "hand " + hand.name();
            channels(streams, episode, who + ": arm", hand.armStream(), hand.armVelocityChannels(), problems);
            channels(streams, episode, who + ": gripper", hand.gripperStream(), hand.gripperChannels(), problems);
            channels(streams, episode, who + ": wrist force-torque", hand.wristStream(), hand.forceChannels(),
                    problems);
            channels(streams, episode, who + ": tactile pads", hand.tactileStream(), hand.tactileChannels(),
                    problems);
        }
        for (QualitySettings.Limit limit : configuration.quality().health().limits()) {
            channels(streams, episode, "limit", limit.stream(), List.of(limit.channel()), problems);
        }
        return problems;
    }

    private static void channels(Map<String, StreamInfo> streams, String episode, String what, String stream,
                                 List<String> channels, List<String> problems) {
        if (stream == null) {
            return;
        }
        StreamInfo info = streams.get(stream);
        if (info == null) {
            problems.add(what + ": the project's episode '" + episode + "' has no stream '" + stream + "'; it has "
                    + String.join(", ", streams.keySet().stream().limit(12).toList())
                    + (streams.size() > 12 ? ", …" : ""));
            return;
        }
        List<String> names = info.channels().stream().map(c -> c.name()).toList();
        for (String channel : channels) {
            if (!names.contains(channel)) {
                problems.add(what + ": stream '" + stream + "' has no channel '" + channel + "'; it has "
                        + names.size() + " channels, e.g. '" + (names.isEmpty() ? "" : names.getFirst()) + "'");
            }
        }
    }

    private static void schemaProblems(LabelSchema schema, ProposerSettings settings, List<String> problems) {
        ProposerSettings.PhasePlan plan = settings.phases();
        Optional<LabelSchema.Definition> phase = schema.definition(plan.definition());
        if (phase.isEmpty() || phase.get().type() != LabelType.PHASE) {
            problems.add("phase plan: the project's schema has no phase definition '" + plan.definition() + "'");
        } else {
            List<String> classes = phase.get().classes().stream().map(LabelSchema.LabelClass::key).toList();
            int last = -1;
            for (ProposerSettings.PhaseRule rule : plan.rules()) {
                int at = classes.indexOf(rule.phaseClass());
                if (at < 0) {
                    problems.add("phase plan: the schema's '" + plan.definition() + "' has no class '"
                            + rule.phaseClass() + "'");
                } else if (at <= last) {
                    problems.add("phase plan: '" + rule.phaseClass() + "' comes before the class ahead of it in"
                            + " the schema's order");
                } else {
                    last = at;
                }
            }
        }
        Optional<LabelSchema.Definition> contact = schema.definition(settings.contactDefinition());
        if (contact.isEmpty() || contact.get().type() != LabelType.EVENT) {
            problems.add("contact: the project's schema has no event definition '" + settings.contactDefinition()
                    + "'");
        } else {
            List<String> classes = contact.get().classes().stream().map(LabelSchema.LabelClass::key).toList();
            for (String c : List.of(settings.contactOnClass(), settings.contactOffClass())) {
                if (!classes.contains(c)) {
                    problems.add("contact: the schema's '" + settings.contactDefinition() + "' has no class '" + c
                            + "'");
                }
            }
        }
    }

    private LabelSchema schema(UUID organizationId, UUID projectId) {
        ProposalProjects.ProjectFacts project = projects.project(organizationId, projectId)
                .orElseThrow(() -> new NotFoundInOrganizationException("Project"));
        return drafts.schema(organizationId, project.schemaVersionId())
                .orElseThrow(() -> new NotFoundInOrganizationException("Label schema version"));
    }
}
