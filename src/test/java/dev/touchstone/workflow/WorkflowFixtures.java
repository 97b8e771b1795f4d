package dev.touchstone.workflow;

import dev.touchstone.SignIn;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.Organization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Quick episodes, schema versions, projects and extra annotators for the workflow tests. A plain object built from
 * the test's beans (an @Import would give the workflow tests an application context of their own). Public for the
 * tests of modules that measure workflow's output (quality's dashboard).
 */
public class WorkflowFixtures {

    public static final long SECOND = 1_000_000_000L;

    private final SignIn signIn;
    private final DatasetService datasets;
    private final EpisodeStore store;
    private final CurrentOrganization current;
    private final LabelSchemaService schemas;
    private final OrganizationProvisioning provisioning;
    private final WorkflowService workflow;

    public WorkflowFixtures(SignIn signIn, DatasetService datasets, EpisodeStore store, CurrentOrganization current,
                     LabelSchemaService schemas, OrganizationProvisioning provisioning, WorkflowService workflow) {
        this.signIn = signIn;
        this.datasets = datasets;
        this.store = store;
        this.current = current;
        this.schemas = schemas;
        this.provisioning = provisioning;
        this.workflow = workflow;
    }

    /** acme annotators queue-annotator-00..n-1@acme.test, created on first use; returns their e-mails. */
    public List<String> annotators(int n) {
        Organization acme = provisioning.organization("acme").orElseThrow();
        List<String> emails = IntStream.range(0, n).mapToObj(i -> "queue-annotator-%02d@acme.test".formatted(i))
                .toList();
        emails.parallelStream().filter(e -> provisioning.accountOrganizations(e).isEmpty())
                .forEach(e -> provisioning.addMember(acme, e, "Queue annotator " + e, "correct horse battery 1",
                        Set.of(Role.ANNOTATOR)));
        return emails;
    }

    public UUID userId(String email) {
        return provisioning.accountOrganizations(email).orElseThrow().userId();
    }

    /**
     * As pm@acme.test: a dataset of {@code episodes} episodes of {@code seconds} each (a two-sample signal makes
     * the duration) and a project over it; signs out again.
     */
    public Project project(int episodes, long seconds, NewProject settings) {
        signIn.as("pm@acme.test");
        try {
            Dataset dataset = datasets.create("queue " + UUID.randomUUID(), "");
            for (int i = 0; i < episodes; i++) {
                try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
                    recorder.describe(EpisodeDescription.of("episode " + i, "x.mcap", "test"));
                    EpisodeRecorder.SignalStreamWriter joints = recorder.signal("joints", StreamSource.of("x.mcap"),
                            List.of(new SignalChannel("j1", "rad")));
                    joints.append(0, 0.0);
                    joints.append(seconds * SECOND, 0.0);
                    recorder.commit();
                }
            }
            LabelSchema starter = LabelSchemaJson.humanoidStarter();
            UUID version = schemas.create(new LabelSchema("queue " + UUID.randomUUID(), "", starter.definitions()))
                    .id();
            return workflow.createProject(new NewProject("queue " + UUID.randomUUID(), dataset.id(), version,
                    settings.overlap(), settings.goldRate(), settings.leaseSeconds(), settings.priority(),
                    settings.deadline(), settings.windowNanos(), settings.annotatorIds()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            signIn.out();
        }
    }

    /** Settings only (name, dataset and schema are filled in by {@link #project}). */
    public static NewProject settings(int overlap, double goldRate, int leaseSeconds) {
        return NewProject.of("x", null, null, overlap, goldRate, leaseSeconds);
    }

    public List<TaskInfo> tasks(UUID projectId) {
        signIn.as("pm@acme.test");
        try {
            List<TaskInfo> all = new ArrayList<>();
            for (int offset = 0; ; offset += 5_000) {
                List<TaskInfo> page = workflow.tasks(projectId, offset, 5_000);
                all.addAll(page);
                if (page.size() < 5_000) {
                    return all;
                }
            }
        } finally {
            signIn.out();
        }
    }
}
