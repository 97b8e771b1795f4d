package dev.touchstone.demo;

import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.ingest.ImportFinished;
import dev.touchstone.labeling.DraftOp;
import dev.touchstone.labeling.DraftSave;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.SchemaSummary;
import dev.touchstone.proposal.ProposalService;
import dev.touchstone.release.ReleaseService;
import dev.touchstone.workflow.NewProject;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.ReviewService;
import dev.touchstone.workflow.TaskInfo;
import dev.touchstone.workflow.WorkService;
import dev.touchstone.workflow.WorkflowService;
import dev.touchstone.organization.OrganizationProvisioning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The demo's work-distribution project: once the synthetic episodes are in, the demo project manager makes a
 * project over them (overlap 2, gold rate 0.2, the starter schema) and the demo QA lead makes its first task gold
 * with the generator's ground truth as the answer (phases, outcome, events, mass), so that "Start labeling" as
 * annotator@acme.test and annotator2@acme.test runs the whole loop: overlap, gold, consensus, review and rework.
 */
@Component
@org.springframework.core.annotation.Order(1)
class DemoProject implements org.springframework.boot.ApplicationRunner {

    static final String NAME = "Pick and place · labeling demo";
    static final String DATASET = "Pick and place (synthetic)";
    static final String HISTORY = "Pick and place · simulated history";
    static final String HEAD_CAMERA = "head_camera";
    static final String RELEASE = "1.0.0";
    /** Simulated annotators: demo accounts whose work is generated, so the dashboards and the inbox have data. */
    static final List<String> SIMULATED = List.of("sim-annotator-1@acme.test", "sim-annotator-2@acme.test",
            "sim-annotator-3@acme.test");
    private static final String SIMULATED_PASSWORD = "simulated-annotator-" + "not-for-sign-in";
    private static final Logger log = LoggerFactory.getLogger(DemoProject.class);
    /** The generator's event names and the starter schema's event classes. */
    private static final Map<String, String> EVENTS = Map.of("contact_on", "contact-on", "contact_off", "contact-off",
            "slip_onset", "slip");

    private final DemoData demo;
    private final WorkflowService workflow;
    private final ReviewService reviews;
    private final DatasetService datasets;
    private final LabelSchemaService schemas;
    private final UserDetailsService users;
    private final SecurityContextHolderStrategy securityContexts;
    private final JsonMapper json;
    private final WorkService work;
    private final DraftService drafts;
    private final OrganizationProvisioning provisioning;
    private final ReleaseService releases;
    private final ProposalService proposals;

    DemoProject(DemoData demo, WorkflowService workflow, ReviewService reviews, DatasetService datasets,
                LabelSchemaService schemas, UserDetailsService users, SecurityContextHolderStrategy securityContexts,
                JsonMapper json, WorkService work, DraftService drafts, OrganizationProvisioning provisioning,
                ReleaseService releases, ProposalService proposals) {
        this.releases = releases;
        this.proposals = proposals;
        this.work = work;
        this.drafts = drafts;
        this.provisioning = provisioning;
        this.demo = demo;
        this.workflow = workflow;
        this.reviews = reviews;
        this.datasets = datasets;
        this.schemas = schemas;
        this.users = users;
        this.securityContexts = securityContexts;
        this.json = json;
    }

    @EventListener
    void importFinished(ImportFinished finished) {
        if (!demo.enabled() || finished.episodesDone() == 0) {
            return;
        }
        try {
            ensure(finished.datasetId());
        } catch (RuntimeException e) {
            log.warn("Demo mode: the demo project could not be made; the rest of the demo works without it", e);
        }
    }

    /** A data folder from before this project existed: its demo episodes are in, so make the project now. */
    @Override
    public void run(org.springframework.boot.ApplicationArguments args) {
        if (!demo.enabled()) {
            return;
        }
        try {
            as("pm@acme.test", () -> datasets.datasets().stream()
                    .filter(d -> d.name().equals(DATASET) && d.episodeCount() > 0).findFirst())
                    .ifPresent(d -> ensure(d.id()));
        } catch (RuntimeException e) {
            log.warn("Demo mode: the demo project could not be made; the rest of the demo works without it", e);
        }
    }

    /** Makes the project (once) when the finished import filled the demo dataset. */
    void ensure(UUID datasetId) {
        Optional<Project> made = as("pm@acme.test", () -> {
            Optional<Dataset> dataset = datasets.dataset(datasetId).filter(d -> d.name().equals(DATASET));
            Optional<SchemaSummary> starter = schemas.schemas().stream()
                    .filter(s -> s.name().startsWith("Humanoid manipulation")).findFirst();
            if (dataset.isEmpty() || starter.isEmpty()
                    || workflow.projects().stream().anyMatch(p -> p.name().equals(NAME))) {
                return Optional.empty();
            }
            return Optional.of(workflow.createProject(new NewProject(NAME, datasetId, starter.get().latestVersionId(),
                    2, 0.2, 1800, 0, null, null, java.util.Set.of())));
        });
        if (made.isEmpty()) {
            return;
        }
        as("qa@acme.test", () -> {
            TaskInfo first = workflow.tasks(made.get().id(), 0, 1).getFirst();
            datasets.episode(first.episodeId()).map(this::groundTruthLabels).filter(l -> !l.isEmpty())
                    .ifPresent(labels -> reviews.setGoldAnswer(first.id(), labels));
            return null;
        });
        log.info("Demo mode: project '{}' with {} tasks (overlap 2, one gold task); annotator@acme.test and"
                + " annotator2@acme.test can press Start labeling", NAME, made.get().tasks());
        // The labeling project opens with proposals from the robot's own signals (computed in the background).
        int proposing = as("pm@acme.test", () -> proposals.proposeFromSignals(made.get().id()));
        log.info("Demo mode: signal proposals for the {} episodes of '{}' are being computed", proposing, NAME);
        simulateHistory(datasetId, made.get().schemaVersionId());
    }

    /**
     * A second, finished-looking project: three simulated annotators label every episode through the real queue,
     * drafts and submissions, each with its own deterministic deviations from the generator's ground truth (phase
     * boundaries off by up to 0.3 s, events by up to 60 ms, the mass by up to 15 %, now and then another outcome or a
     * rejecting verdict). Consensus, review routing and the agreement numbers are then computed as for people, so
     * the review inbox and the Agreement dashboard show real numbers on a fresh demo. Restricted to the simulated
     * accounts, so it never takes work from the demo annotators.
     */
    private void simulateHistory(UUID datasetId, UUID schemaVersionId) {
        provisioning.organization("acme").ifPresent(acme -> SIMULATED.forEach(email -> {
            if (provisioning.accountOrganizations(email).isEmpty()) {
                provisioning.addMember(acme, email, "Simulated annotator " + email.charAt(14), SIMULATED_PASSWORD,
                        java.util.Set.of(dev.touchstone.organization.Role.ANNOTATOR));
            }
        }));
        java.util.Set<UUID> ids = new java.util.HashSet<>();
        SIMULATED.forEach(email -> ids.add(provisioning.accountOrganizations(email).orElseThrow().userId()));
        Optional<Project> history = as("pm@acme.test", () -> workflow.projects().stream()
                .anyMatch(p -> p.name().equals(HISTORY)) ? Optional.<Project>empty()
                : Optional.of(workflow.createProject(new NewProject(HISTORY, datasetId, schemaVersionId, 3, 0, 3600,
                        -10, null, null, ids))));
        if (history.isEmpty()) {
            return;
        }
        // One task where two simulated annotators place the second phase (Grasp) late, by half and a quarter of its
        // length: the review inbox then shows what a phase boundary disagreement looks like and why it came there.
        UUID shiftedEpisode = as("pm@acme.test", () -> workflow.tasks(history.get().id(), 0, 1).getFirst()
                .episodeId());
        int submitted = 0;
        for (int annotator = 0; annotator < SIMULATED.size(); annotator++) {
            int index = annotator;
            submitted += as(SIMULATED.get(annotator), () -> {
                int done = 0;
                Optional<dev.touchstone.workflow.Assignment> next;
                while ((next = workflow.claimNext(history.get().id())).isPresent()) {
                    var item = work.open(next.get().id());
                    List<Label> labels = simulated(item.episode(), index,
                            item.episode().episode().id().equals(shiftedEpisode));
                    drafts.save(item.draft().id(), new DraftSave(UUID.randomUUID(), "simulated", labels.stream()
                            .<DraftOp>map(l -> new DraftOp.Put(l, 0)).toList()));
                    drafts.submit(item.draft().id(), "simulated-" + item.draft().id());
                    done++;
                }
                return done;
            });
        }
        log.info("Demo mode: project '{}': {} simulated submissions merged (see Review and Agreement)", HISTORY,
                submitted);
        // A QA lead accepts half of what waits for review (the other half stays in the inbox to try), so the
        // demo release has work a reviewer decided as well as work that agreed on its own. The task with the late
        // Grasp is not among them while others wait: it stays in the inbox to show a phase boundary disagreement.
        int accepted = as("qa@acme.test", () -> {
            List<dev.touchstone.workflow.ReviewItem> inbox = reviews.inbox(history.get().id(), 1000);
            List<dev.touchstone.workflow.ReviewItem> others = inbox.stream()
                    .filter(item -> !item.episodeId().equals(shiftedEpisode)).toList();
            List<dev.touchstone.workflow.ReviewItem> waiting = others.isEmpty() ? inbox : others;
            int half = (waiting.size() + 1) / 2;
            waiting.stream().limit(half).forEach(item -> reviews.accept(item.taskId()));
            return half;
        });
        log.info("Demo mode: a QA lead accepted {} tasks of '{}'", accepted, HISTORY);
        as("pm@acme.test", () -> releases.releases(history.get().id()).isEmpty()
                ? releases.create(history.get().id(), RELEASE, "Demo release: the accepted tasks of the simulated "
                        + "history, labelled by three simulated annotators. Download it as customer@acme.test.",
                false, java.util.Set.of()) : null);
        log.info("Demo mode: release {} of '{}' is being built (see Releases)", RELEASE, HISTORY);
    }

    /**
     * The ground truth as one simulated annotator would label it: fresh ids, deterministic deviations; with
     * {@code shiftGrasp} annotators 2 and 3 move the second phase later by half and a quarter of its length.
     */
    List<Label> simulated(EpisodeDetail detail, int annotator, boolean shiftGrasp) {
        // Seeded by the episode's name, not its id (new on every start): the same demo deviates the same way each time.
        java.util.Random random = new java.util.Random(detail.episode().name().hashCode() * 31L + annotator);
        long duration = detail.episode().durationNanos();
        List<Label> truth = groundTruthLabels(detail);
        List<Label.Phase> phases = truth.stream().filter(l -> l instanceof Label.Phase).map(l -> (Label.Phase) l)
                .toList();
        List<Label> labels = new ArrayList<>();
        long previousEnd = phases.isEmpty() ? 0 : phases.getFirst().start();
        long shift = !shiftGrasp || annotator == 0 || phases.size() < 3 ? 0
                : (phases.get(1).end() - phases.get(1).start()) / (annotator == 1 ? 2 : 4);
        for (int i = 0; i < phases.size(); i++) {
            Label.Phase p = phases.get(i);
            // The shifted annotators move the boundaries around Grasp by exactly the shift, without noise that
            // could shrink it: the task must reach review for its phases on every start.
            long deviation = shift > 0 && i <= 1 ? shift : (long) (random.nextGaussian() * 0.15e9);
            long end = i == phases.size() - 1 ? p.end()
                    : Math.clamp(p.end() + deviation, previousEnd + 50_000_000L,
                    phases.get(i + 1).end() - 50_000_000L);
            labels.add(new Label.Phase(UUID.randomUUID(), "phase", "main", p.classKey(), previousEnd, end));
            previousEnd = end;
        }
        for (Label label : truth) {
            switch (label) {
                case Label.Event e -> {
                    if (random.nextDouble() < 0.9) {
                        long time = Math.clamp(e.time() + (long) (random.nextGaussian() * 30e6), 0, duration);
                        labels.add(new Label.Event(UUID.randomUUID(), e.definition(), e.classKey(), time));
                    }
                }
                case Label.Value v when v.definition().equals("grasp_outcome") -> {
                    List<String> outcomes = List.of("success", "slip", "fail");
                    String outcome = random.nextDouble() < 0.25 ? outcomes.get(random.nextInt(3)) : v.classes().getFirst();
                    labels.add(new Label.Value(UUID.randomUUID(), v.definition(), null, List.of(outcome), null, null,
                            null));
                }
                case Label.Value v when v.definition().equals("quality") -> {
                    boolean reject = random.nextDouble() < 0.15;
                    labels.add(new Label.Value(UUID.randomUUID(), v.definition(), null,
                            reject ? List.of("hesitation") : List.of(), null, !reject, null));
                }
                case Label.BoxTrack b -> labels.add(new Label.BoxTrack(UUID.randomUUID(), b.definition(), b.classKey(),
                        b.trackId(), b.stream(), b.keyframes().stream().map(k -> new Label.BoxKey(k.time(),
                                Math.max(0, k.x() + random.nextGaussian() * 2), Math.max(0, k.y() + random.nextGaussian() * 2),
                                Math.max(2, k.width() + random.nextGaussian() * 2),
                                Math.max(2, k.height() + random.nextGaussian() * 2))).toList()));
                case Label.Value v when v.number() != null -> labels.add(new Label.Value(UUID.randomUUID(),
                        v.definition(), null, List.of(), Math.clamp(v.number() * (1 + random.nextGaussian() * 0.08),
                        0.0, 20.0), null, null));
                default -> { }
            }
        }
        labels.add(new Label.Value(UUID.randomUUID(), "demo_quality", null, List.of(), (double) (3 + random.nextInt(3)),
                null, null));
        return labels;
    }

    /** The generator's ground truth (ground_truth.json of the bundle) as labels of the starter schema. */
    List<Label> groundTruthLabels(EpisodeDetail detail) {
        if (detail.groundTruth() == null || detail.groundTruth().isBlank()) {
            return List.of();
        }
        JsonNode truth = json.readTree(detail.groundTruth());
        long duration = detail.episode().durationNanos();
        List<Label> labels = new ArrayList<>();
        int index = 0;
        for (JsonNode phase : truth.path("phases")) {
            long start = Math.max(0, phase.path("startNanos").asLong());
            long end = Math.min(duration, phase.path("endNanos").asLong());
            if (end > start) {
                labels.add(new Label.Phase(id(detail, "phase", index++), "phase", "main", phase.path("label").asString(),
                        start, end));
            }
        }
        for (JsonNode event : truth.path("events")) {
            String key = EVENTS.get(event.path("label").asString());
            long time = event.path("timeNanos").asLong();
            if (key != null && time >= 0 && time <= duration) {
                labels.add(new Label.Event(id(detail, "event", index++), "contact", key, time));
            }
        }
        String outcome = truth.path("outcome").asString();
        if (!outcome.isEmpty()) {
            labels.add(new Label.Value(id(detail, "outcome", 0), "grasp_outcome", null, List.of(outcome), null, null,
                    null));
        }
        labels.add(new Label.Value(id(detail, "verdict", 0), "quality", null, List.of(), null, true, null));
        JsonNode mass = truth.path("object").path("massKg");
        if (mass.isNumber()) {
            labels.add(new Label.Value(id(detail, "mass", 0), "object_mass", null, List.of(), mass.asDouble(), null,
                    null));
        }
        List<Label.BoxKey> boxes = new ArrayList<>();
        for (JsonNode box : truth.path("headCameraBoxes")) {
            long time = box.path("timeNanos").asLong();
            if (time >= 0 && time <= duration) {
                boxes.add(new Label.BoxKey(time, box.path("x").asDouble(), box.path("y").asDouble(),
                        box.path("width").asDouble(), box.path("height").asDouble()));
            }
        }
        boolean headCamera = detail.streams().stream().anyMatch(s -> s.name().equals(HEAD_CAMERA));
        if (!boxes.isEmpty() && headCamera) {
            labels.add(new Label.BoxTrack(id(detail, "box", 0), "object_box", "target", "object", HEAD_CAMERA, boxes));
        }
        return labels;
    }

    private static UUID id(EpisodeDetail detail, String what, int index) {
        return UUID.nameUUIDFromBytes((detail.episode().id() + "/" + what + "/" + index).getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
    }

    private <T> T as(String email, Supplier<T> work) {
        UserDetails user = users.loadUserByUsername(email);
        var previous = securityContexts.getContext();
        var context = securityContexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        securityContexts.setContext(context);
        try {
            return work.get();
        } finally {
            securityContexts.setContext(previous);
        }
    }
}
