package dev.touchstone.proposal;

import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.labeling.DraftLifecycle;
import dev.touchstone.labeling.InvalidLabelsException;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelRules;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.ProposedLabel;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Stored proposals of a project's episodes (docs/proposals.md, "Stored proposals, predictions API, ML backend"):
 * read them for the workspace, store a source's set (posted predictions, an ML backend's answer), and run the signal
 * proposers over a project's episodes in the background. Everything is in the signed-in member's current
 * organization; a project or episode of another organization, or an episode outside the project, is "not found".
 */
@Service
@PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD', 'ANNOTATOR')")
public class ProposalService {

    /** Longest source and version names. */
    public static final int MAX_NAME = 100;
    /** Sources whose name starts with this are Touchstone's own proposers; nothing else may store under them. */
    public static final String RESERVED_PREFIX = "signals.";
    /**
     * The largest predictions body, posted or an ML backend's answer: 16 MiB, room for {@code LabelRules.MAX_LABELS}
     * (100,000) small labels.
     */
    public static final long MAX_PREDICTIONS_BYTES = 16L * 1024 * 1024;

    private final CurrentOrganization current;
    private final ProposalProjects projects;
    private final ProposalRepository repository;
    private final ProposalWriter writer;
    private final SignalProposalRunner signals;
    private final SignalProposalJob job;
    private final DatasetService datasets;
    private final DraftLifecycle drafts;
    private final MlBackendRepository backends;
    private final MlBackendClient client;
    private final MlBackendGuard guard;
    private final MlBackendRuns runs;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final ProjectFlags projectFlags;
    private final EpisodeFlagRepository flagRows;
    private final ProposerSettingsService settingsService;

    ProposalService(CurrentOrganization current, ProposalProjects projects, ProposalRepository repository,
                    ProposalWriter writer, SignalProposalRunner signals, SignalProposalJob job,
                    DatasetService datasets, DraftLifecycle drafts, MlBackendRepository backends,
                    MlBackendClient client, MlBackendGuard guard, MlBackendRuns runs, JsonMapper json,
                    PlatformTransactionManager transactionManager, ProjectFlags projectFlags,
                    EpisodeFlagRepository flagRows, ProposerSettingsService settingsService) {
        this.settingsService = settingsService;
        this.runs = runs;
        this.projectFlags = projectFlags;
        this.flagRows = flagRows;
        this.backends = backends;
        this.guard = guard;
        this.client = client;
        this.json = json;
        this.transactions = new TransactionTemplate(transactionManager);
        this.current = current;
        this.projects = projects;
        this.repository = repository;
        this.writer = writer;
        this.signals = signals;
        this.job = job;
        this.datasets = datasets;
        this.drafts = drafts;
    }

    /**
     * The episode's proposals in the project, as the workspace shows them: of every source, the newest stored set
     * (by the time it was stored, whatever its version), labels in the order the source gave them. When the signal
     * proposers have not run on the episode at their current versions yet they run now, once (their outcome,
     * proposals or the reason there are none, is stored), so new proposer rules reach stored projects.
     *
     * @throws NotFoundInOrganizationException for a project or episode not in the current organization, an episode
     *                                         not in the project, or (for an annotator) one not assigned to them
     */
    @Transactional
    public List<ProposedLabel> proposalsFor(UUID projectId, UUID episodeId) {
        UUID organizationId = current.id();
        LabelSchema schema = schema(organizationId, projectId);
        episodeOf(organizationId, projectId, episodeId);
        // Per version: proposers with new rules propose again where only an older version's set is stored.
        if (!repository.hasSet(organizationId, projectId, episodeId, SignalProposers.contactSource(),
                SignalProposers.contactVersion())
                || !repository.hasSet(organizationId, projectId, episodeId, SignalProposers.phaseSource(),
                SignalProposers.phaseVersion())) {
            signals.run(organizationId, projectId, episodeId, schema, null);
        }
        List<ProposalRepository.SetRow> sets = repository.newestPerSource(organizationId, projectId, episodeId);
        Map<UUID, List<ProposedLabel>> labels = writer.labels(organizationId, sets);
        List<ProposedLabel> all = new ArrayList<>();
        sets.forEach(set -> all.addAll(labels.get(set.id())));
        return all;
    }

    /**
     * Stores a source's proposals for one episode of the project, replacing the set it stored before under the
     * same source and version (atomically: a reader sees the old set or the new one). Nothing is stored unless every
     * label is valid against the project's schema version and the episode.
     *
     * @param source     who proposes, 1 to {@value #MAX_NAME} characters, not starting with
     *                   {@value #RESERVED_PREFIX} (Touchstone's own proposers)
     * @param version    the source's version, 1 to {@value #MAX_NAME} characters
     * @param labels     in the drafts' JSON model; ids are kept
     * @param confidence by label id, each in [0, 1]; a label not named is stored without one (null), not as a
     *                   number the source never gave
     * @throws InvalidLabelsException          with every problem when a name, a label or a confidence is invalid
     * @throws NotFoundInOrganizationException for a project or episode not in the current organization, or an
     *                                         episode not in the project
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public ProposalSet store(UUID projectId, UUID episodeId, String source, String version, List<Label> labels,
                             Map<UUID, Double> confidence) {
        UUID organizationId = current.id();
        LabelSchema schema = schema(organizationId, projectId);
        EpisodeDetail episode = episodeOf(organizationId, projectId, episodeId);
        UUID setId = storeChecked(organizationId, projectId, episode, schema, source, version, labels, confidence,
                current.requireUser().userId());
        return repository.sets(organizationId, projectId).stream().filter(set -> set.id().equals(setId))
                .map(ProposalService::set).findFirst().orElseThrow();
    }

    /** Validates and replaces a set, in the caller's transaction; see {@link #store}. */
    private UUID storeChecked(UUID organizationId, UUID projectId, EpisodeDetail episode, LabelSchema schema,
                              String source, String version, List<Label> labels, Map<UUID, Double> confidence,
                              UUID createdBy) {
        List<String> problems = new ArrayList<>();
        String s = name("source", source, problems);
        String v = name("version", version, problems);
        if (s != null && s.startsWith(RESERVED_PREFIX)) {
            problems.add("Sources starting with '" + RESERVED_PREFIX + "' are Touchstone's own proposers; name yours"
                    + " otherwise");
        }
        List<Label> given = labels == null ? List.of() : labels;
        Map<UUID, Double> scores = confidence == null ? Map.of() : confidence;
        Set<String> streams = episode.streams().stream().map(StreamInfo::name).collect(Collectors.toSet());
        problems.addAll(LabelRules.problems(schema, episode.episode().durationNanos(), given, streams));
        Set<UUID> ids = new HashSet<>();
        given.forEach(l -> {
            if (l != null && l.id() != null) {
                ids.add(l.id());
            }
        });
        scores.forEach((id, score) -> {
            if (id == null || !ids.contains(id)) {
                problems.add("confidence names label " + id + ", which is not among the labels");
            } else if (score == null || !(score >= 0 && score <= 1)) {
                problems.add("confidence of label " + id + " must be a number from 0 to 1, got " + score);
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidLabelsException(problems);
        }
        List<ProposedLabel> proposed = given.stream().map(l -> new ProposedLabel(l, s, v,
                scores.get(l.id()), List.of())).toList();
        return writer.replace(organizationId, projectId, episode.episode().id(), s, v, null, createdBy, proposed);
    }

    /**
     * Runs the signal proposers over every episode of the project in the background (replacing their earlier sets
     * of the same version); an episode they cannot read gets a set with the reason as its note. Returns at once.
     *
     * @return how many episodes were queued
     */
    @Transactional(readOnly = true)
    @PreAuthorize(Ability.Expressions.MANAGE)
    public int proposeFromSignals(UUID projectId) {
        UUID organizationId = current.id();
        LabelSchema schema = schema(organizationId, projectId);
        List<UUID> episodes = projects.episodes(organizationId, projectId);
        job.start(organizationId, projectId, episodes, schema, current.requireUser().userId());
        return episodes.size();
    }

    /** The project's name, for the Proposals screen's title. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public String projectName(UUID projectId) {
        return projects.project(current.id(), projectId).map(ProposalProjects.ProjectFacts::name)
                .orElseThrow(() -> new NotFoundInOrganizationException("Project"));
    }

    /** Every stored set of the project (every source, version and episode), oldest first, with its note. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public List<ProposalSet> sets(UUID projectId) {
        UUID organizationId = current.id();
        schema(organizationId, projectId);
        return repository.sets(organizationId, projectId).stream().map(ProposalService::set).toList();
    }

    /**
     * Triage's view of every measured episode of the project (docs/proposals.md, "Triage"): its flags with the
     * task-relative ones computed over the project's measured episodes now, the verdict those flags suggest, the
     * stored grasp outcome, and the lowest and mean confidence of its stored proposals (the newest set of each
     * source: the signal proposers' contacts, phases and slips, and every model's predictions; not the signal
     * proposers' grasp outcome and verdict), over those that have a confidence, with how many have none. Episodes
     * the quality proposers have not measured yet are absent.
     */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public List<EpisodeFlags> flags(UUID projectId) {
        UUID organizationId = current.id();
        schema(organizationId, projectId);
        Map<UUID, ProjectFlags.Measured> measured = projectFlags.measured(organizationId, projectId);
        Map<String, ProposalRepository.SetRow> newest = new java.util.HashMap<>();
        for (ProposalRepository.SetRow set : repository.sets(organizationId, projectId)) {
            // Oldest first: a later set of the same episode and source replaces an earlier one here.
            newest.put(set.episodeId() + "/" + set.source(), set);
        }
        Set<String> spanSources = Set.of(SignalProposers.contactSource(), SignalProposers.phaseSource(),
                QualityProposers.slipSource());
        Map<UUID, UUID> spanSetEpisode = new java.util.HashMap<>();
        List<ProposalRepository.SetRow> outcomeSets = new ArrayList<>();
        for (ProposalRepository.SetRow set : newest.values()) {
            if (spanSources.contains(set.source()) || !set.source().startsWith(RESERVED_PREFIX)) {
                spanSetEpisode.put(set.id(), set.episodeId());
            } else if (set.source().equals(QualityProposers.OUTCOME_SOURCE)) {
                outcomeSets.add(set);
            }
        }
        Map<UUID, List<Double>> confidences = new java.util.HashMap<>();
        for (EpisodeFlagRepository.ConfidenceRow row : flagRows.confidences(organizationId,
                spanSetEpisode.keySet())) {
            confidences.computeIfAbsent(spanSetEpisode.get(row.setId()), k -> new ArrayList<>())
                    .add(row.confidence());
        }
        Map<UUID, String> outcomes = new java.util.HashMap<>();
        Map<UUID, List<ProposedLabel>> outcomeLabels = writer.labels(organizationId, outcomeSets);
        for (ProposalRepository.SetRow set : outcomeSets) {
            outcomeLabels.get(set.id()).stream().map(ProposedLabel::label)
                    .filter(l -> l instanceof Label.Value v && !v.classes().isEmpty()).findFirst()
                    .ifPresent(l -> outcomes.put(set.episodeId(), ((Label.Value) l).classes().getFirst()));
        }
        ProposerConfiguration configuration = settingsService.forProject(organizationId, projectId);
        QualityProposers quality = new QualityProposers(configuration.proposers(), configuration.quality());
        List<EpisodeFlags> out = new ArrayList<>();
        measured.forEach((episodeId, m) -> {
            List<Double> all = confidences.getOrDefault(episodeId, List.of());
            List<Double> c = all.stream().filter(java.util.Objects::nonNull).toList();
            out.add(new EpisodeFlags(episodeId, m.flags().flags(), m.flags().trimStartNanos(),
                    m.flags().trimEndNanos(), quality.verdict(m.flags()), outcomes.get(episodeId), all.size(),
                    all.size() - c.size(), c.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    c.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), m.measuredAt()));
        });
        return out;
    }

    // ---- ML backend --------------------------------------------------------------------------------------------

    /**
     * Sets (or replaces) the project's ML backend.
     *
     * @param url    an absolute http:// or https:// URL with a host that resolves only to public addresses (or that
     *               the operator allows: {@link MlBackendGuard})
     * @param secret the shared secret requests are signed with, 16 to 200 characters
     * @throws IllegalArgumentException with a message for the member for a bad URL or secret, or a host in the
     *                                  server's own network
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public MlBackend setMlBackend(UUID projectId, String url, String secret) {
        UUID organizationId = current.id();
        schema(organizationId, projectId);
        URI uri = mlBackendUri(url);
        guard.check(uri);
        String key = secret == null ? "" : secret;
        if (key.length() < 16 || key.length() > 200) {
            throw new IllegalArgumentException("The ML backend's shared secret must be 16 to 200 characters");
        }
        backends.upsert(organizationId, projectId, uri.toString(), key, current.requireUser().userId());
        return mlBackend(projectId).orElseThrow();
    }

    /** The project's ML backend (its URL, never its secret), or empty when it has none. */
    @Transactional(readOnly = true)
    @PreAuthorize(Ability.Expressions.MANAGE)
    public Optional<MlBackend> mlBackend(UUID projectId) {
        UUID organizationId = current.id();
        schema(organizationId, projectId);
        return backends.backend(organizationId, projectId)
                .map(b -> new MlBackend(b.projectId(), b.url(), b.updatedAt().toInstant()));
    }

    /**
     * Asks the project's ML backend for predictions for one episode and stores its answer like posted predictions
     * ({@link #store}). A backend that does not answer in time or answers 5xx is asked again with backoff; a 4xx, an
     * answer that is not predictions JSON or whose labels are invalid stores nothing. Whatever happens is recorded
     * ({@link #mlBackendCalls}) and returned; a failing backend is never an exception. No transaction is held while
     * the backend is called.
     *
     * @throws NotFoundInOrganizationException for a project or episode not in the organization or not in the project
     * @throws IllegalStateException           when the project has no ML backend
     */
    @PreAuthorize(Ability.Expressions.MANAGE)
    public MlBackendCall predictWithMlBackend(UUID projectId, UUID episodeId) {
        return predict(current.id(), current.requireUser().userId(), projectId, episodeId);
    }

    /**
     * Calls the project's ML backend for every episode of the project, one after another in the background
     * ({@link #predictWithMlBackend} each, so each call is recorded). Returns at once; {@link #mlBackendRun} tells
     * how far it got.
     *
     * @throws IllegalStateException when the project has no ML backend or a run of it is still going
     */
    @PreAuthorize(Ability.Expressions.MANAGE)
    public MlBackendRun predictAllWithMlBackend(UUID projectId) {
        UUID organizationId = current.id();
        UUID me = current.requireUser().userId();
        schema(organizationId, projectId);
        if (backends.backend(organizationId, projectId).isEmpty()) {
            throw new IllegalStateException("The project has no ML backend");
        }
        List<UUID> episodes = projects.episodes(organizationId, projectId);
        return runs.start(projectId, episodes, episode -> predict(organizationId, me, projectId, episode));
    }

    /** The project's latest run over all episodes ({@link #predictAllWithMlBackend}), or empty when none ran. */
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public Optional<MlBackendRun> mlBackendRun(UUID projectId) {
        schema(current.id(), projectId);
        return runs.run(projectId);
    }

    /** The project's episodes (each once), in a stable order: what the ML backend can be called for. */
    @Transactional(readOnly = true)
    @PreAuthorize(Ability.Expressions.MANAGE)
    public List<UUID> episodes(UUID projectId) {
        UUID organizationId = current.id();
        schema(organizationId, projectId);
        return projects.episodes(organizationId, projectId);
    }

    private MlBackendCall predict(UUID organizationId, UUID me, UUID projectId, UUID episodeId) {
        ProposalProjects.ProjectFacts project = projects.project(organizationId, projectId)
                .orElseThrow(() -> new NotFoundInOrganizationException("Project"));
        LabelSchema schema = schema(organizationId, projectId);
        EpisodeDetail episode = episodeOf(organizationId, projectId, episodeId);
        MlBackendRepository.BackendRow backend = backends.backend(organizationId, projectId)
                .orElseThrow(() -> new IllegalStateException("The project has no ML backend"));
        long started = System.nanoTime();
        MlBackendClient.Answer answer = client.post(URI.create(backend.url()), backend.secret(),
                mlRequest(project, schema, episode));
        String failure = null;
        Predictions predictions = null;
        if (!answer.ok()) {
            failure = answer.failure() != null ? answer.failure()
                    : "The ML backend answered HTTP " + answer.status() + (answer.status() / 100 == 4
                    ? " (not retried)" : "") + ": " + snippet(answer.body());
        } else {
            try {
                predictions = json.readValue(answer.body(), Predictions.class);
                if (predictions == null) {
                    failure = "The ML backend answered an empty body, not predictions JSON";
                }
            } catch (JacksonException e) {
                failure = "The ML backend's answer is not predictions JSON: " + e.getOriginalMessage();
            }
        }
        int labels = 0;
        if (failure == null) {
            Predictions p = predictions;
            try {
                transactions.executeWithoutResult(status -> storeChecked(organizationId, projectId, episode, schema,
                        p.source(), p.version(), p.labels(), p.confidence(), me));
                labels = p.labels() == null ? 0 : p.labels().size();
            } catch (InvalidLabelsException e) {
                failure = "The ML backend's predictions were refused: " + e.getMessage();
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        String message = failure == null ? null : failure.length() <= 4000 ? failure : failure.substring(0, 3999) + "…";
        String source = predictions == null ? null : predictions.source();
        String version = predictions == null ? null : predictions.version();
        boolean stored = failure == null;
        int count = labels;
        UUID callId = transactions.execute(status -> backends.insertCall(organizationId, projectId, episodeId,
                backend.url(), stored ? "stored" : "failed", answer.attempts(), answer.status(), message, source,
                version, count, millis));
        return backends.calls(organizationId, projectId, 50).stream().filter(c -> c.id().equals(callId))
                .findFirst().orElseThrow();
    }

    /** The project's ML backend calls, newest first (at most 200), failures with their reason. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public List<MlBackendCall> mlBackendCalls(UUID projectId) {
        UUID organizationId = current.id();
        schema(organizationId, projectId);
        return backends.calls(organizationId, projectId, 200);
    }

    /** The URL as the backend's address, or a message saying what is wrong with it. */
    static URI mlBackendUri(String url) {
        String u = url == null ? "" : url.strip();
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The ML backend URL is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("The ML backend URL must start with http:// or https://, got '"
                    + (u.length() > 80 ? u.substring(0, 80) + "…" : u) + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("The ML backend URL needs a host, e.g. https://models.example.com/predict");
        }
        if (u.length() > 2000) {
            throw new IllegalArgumentException("The ML backend URL is longer than 2000 characters");
        }
        return uri;
    }

    /** What the backend is sent: the project, its schema version and schema, and the episode's length and streams. */
    private String mlRequest(ProposalProjects.ProjectFacts project, LabelSchema schema, EpisodeDetail episode) {
        ObjectNode body = json.createObjectNode();
        body.put("projectId", project.projectId().toString());
        body.put("episodeId", episode.episode().id().toString());
        body.put("schemaVersionId", project.schemaVersionId().toString());
        body.set("schema", json.readTree(LabelSchemaJson.write(schema)));
        ObjectNode e = body.putObject("episode");
        e.put("name", episode.episode().name());
        e.put("durationNanos", episode.episode().durationNanos());
        ArrayNode streams = e.putArray("streams");
        for (StreamInfo stream : episode.streams()) {
            ObjectNode s = streams.addObject();
            s.put("name", stream.name());
            s.put("kind", stream.kind().name().toLowerCase(java.util.Locale.ROOT));
            s.put("firstNanos", stream.firstNanos());
            s.put("lastNanos", stream.lastNanos());
            s.put("rateHz", stream.rateHz());
            ArrayNode channels = s.putArray("channels");
            stream.channels().forEach(c -> channels.add(c.name()));
        }
        return json.writeValueAsString(body);
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        String b = body.strip();
        return b.length() <= 200 ? b : b.substring(0, 200) + "…";
    }

    private LabelSchema schema(UUID organizationId, UUID projectId) {
        ProposalProjects.ProjectFacts project = projects.project(organizationId, projectId)
                .orElseThrow(() -> new NotFoundInOrganizationException("Project"));
        return drafts.schema(organizationId, project.schemaVersionId())
                .orElseThrow(() -> new NotFoundInOrganizationException("Label schema version"));
    }

    private EpisodeDetail episodeOf(UUID organizationId, UUID projectId, UUID episodeId) {
        if (!projects.episodeInProject(organizationId, projectId, episodeId)) {
            throw new NotFoundInOrganizationException("Episode");
        }
        return datasets.episode(episodeId).orElseThrow(() -> new NotFoundInOrganizationException("Episode"));
    }

    private static String name(String what, String value, List<String> problems) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || v.length() > MAX_NAME) {
            problems.add("A " + what + " of 1 to " + MAX_NAME + " characters is required");
            return null;
        }
        return v;
    }

    static ProposalSet set(ProposalRepository.SetRow row) {
        return new ProposalSet(row.id(), row.projectId(), row.episodeId(), row.source(), row.version(),
                row.labelCount(), row.note(), row.createdAt().toInstant(), row.createdBy());
    }
}
