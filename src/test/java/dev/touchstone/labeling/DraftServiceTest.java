package dev.touchstone.labeling;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.audit.AuditEntry;
import dev.touchstone.audit.AuditService;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drafts against the real database: delta saves, retries, two tabs, rules, idempotent submission, owners. */
@TouchstoneSpringTest
class DraftServiceTest {

    private static final long SECOND = 1_000_000_000L;

    @Autowired
    SignIn signIn;
    @Autowired
    DraftService drafts;
    @Autowired
    LabelSchemaService schemas;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodeStore store;
    @Autowired
    CurrentOrganization current;
    @Autowired
    AuditService audit;
    @Autowired
    DraftLabelCache labelCache;
    @Autowired
    DraftRepository repository;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    /** A 10 s episode and a fresh copy of the starter schema, as the signed-in project manager. */
    private Draft openDraft() throws IOException {
        UUID[] episodeAndVersion = episodeAndSchemaVersion();
        return drafts.openDirect(episodeAndVersion[0], episodeAndVersion[1]);
    }

    private UUID[] episodeAndSchemaVersion() throws IOException {
        DraftFixture.EpisodeAndSchema made = DraftFixture.tenSecondEpisodeAndStarterCopy("drafts", datasets, store,
                schemas, current);
        return new UUID[] {made.episode(), made.schemaVersion()};
    }

    private static Label.Phase phase(UUID id, String cls, double start, double end) {
        return new Label.Phase(id, "phase", null, cls, (long) (start * SECOND), (long) (end * SECOND));
    }

    private static DraftSave save(String client, DraftOp... ops) {
        return new DraftSave(UUID.randomUUID(), client, List.of(ops));
    }

    @Test
    void savesAreDeltasAndARetriedSaveChangesNothing() throws IOException {
        signIn.as("pm@acme.test");
        Draft draft = openDraft();
        assertThat(schemas.version(draft.schemaVersionId()).orElseThrow().inUse())
                .as("opening a draft freezes the schema version").isTrue();
        assertThat(drafts.openDirect(draft.episodeId(), draft.schemaVersionId()).id()).isEqualTo(draft.id());

        UUID reach = UUID.randomUUID();
        DraftSave first = save("tab-a", new DraftOp.Put(phase(reach, "reach", 0, 2), 0));
        assertThat(drafts.save(draft.id(), first)).isEqualTo(new SaveResult(1, List.of(), false));
        assertThat(drafts.save(draft.id(), first)).as("the same save again").isEqualTo(new SaveResult(1, List.of(), true));
        UUID grasp = UUID.randomUUID();
        assertThat(drafts.save(draft.id(), save("tab-a", new DraftOp.Put(phase(grasp, "grasp", 2, 3), 0),
                new DraftOp.Put(phase(reach, "reach", 0, 1.5), 1))).revision()).isEqualTo(2);

        Draft loaded = drafts.draft(draft.id());
        assertThat(loaded.revision()).isEqualTo(2);
        assertThat(loaded.labels()).extracting(Draft.StoredLabel::label)
                .containsExactly(phase(reach, "reach", 0, 1.5), phase(grasp, "grasp", 2, 3));

        assertThatThrownBy(() -> drafts.save(draft.id(), save("tab-a",
                new DraftOp.Put(phase(UUID.randomUUID(), "lift", 2.5, 4), 0))))
                .isInstanceOf(InvalidLabelsException.class).hasMessageContaining("overlaps Phase grasp");
        assertThatThrownBy(() -> drafts.save(draft.id(), save("tab-a",
                new DraftOp.Put(new Label.Event(UUID.randomUUID(), "contact", "contact-on", 11 * SECOND), 0))))
                .isInstanceOf(InvalidLabelsException.class).hasMessageContaining("outside the episode");
        assertThat(drafts.draft(draft.id()).revision()).as("a refused save applies nothing").isEqualTo(2);

        signIn.out();
        signIn.as("admin@acme.test");
        assertThat(audit.page("labeling.draft.saved", 0, 500)).extracting(AuditEntry::targetId)
                .filteredOn(draft.id().toString()::equals).hasSize(2);
    }

    @Test
    void twoTabsEditingTheSameLabelGetAConflictNotASilentOverwrite() throws IOException {
        signIn.as("pm@acme.test");
        Draft draft = openDraft();
        UUID reach = UUID.randomUUID();
        drafts.save(draft.id(), save("tab-a", new DraftOp.Put(phase(reach, "reach", 0, 2), 0)));
        // Both tabs have revision 1 of the label. Tab A moves its end, then tab B (still at 1) changes its class.
        drafts.save(draft.id(), save("tab-a", new DraftOp.Put(phase(reach, "reach", 0, 2.5), 1)));
        UUID event = UUID.randomUUID();
        SaveResult b = drafts.save(draft.id(), save("tab-b", new DraftOp.Put(phase(reach, "grasp", 0, 2), 1),
                new DraftOp.Put(new Label.Event(event, "contact", "contact-on", SECOND), 0)));
        assertThat(b.revision()).as("tab B's other change still applies").isEqualTo(3);
        assertThat(b.conflicts()).containsExactly(new DraftConflict(reach, phase(reach, "reach", 0, 2.5), 2));

        drafts.save(draft.id(), save("tab-a", new DraftOp.Delete(reach, 2)));
        SaveResult stale = drafts.save(draft.id(), save("tab-b", new DraftOp.Put(phase(reach, "reach", 0, 1), 2)));
        assertThat(stale.conflicts()).as("deleted elsewhere: not brought back silently")
                .containsExactly(new DraftConflict(reach, null, 4));
        assertThat(drafts.draft(draft.id()).labels()).extracting(s -> s.label().id()).containsExactly(event);
    }

    @Test
    void submittingIsIdempotentAndRefusesIncompleteWork() throws IOException {
        signIn.as("pm@acme.test");
        Draft draft = openDraft();
        drafts.save(draft.id(), save("tab", new DraftOp.Put(phase(UUID.randomUUID(), "reach", 0, 2), 0)));
        assertThatThrownBy(() -> drafts.submit(draft.id(), "key-" + UUID.randomUUID()))
                .isInstanceOf(InvalidLabelsException.class)
                .satisfies(e -> assertThat(((InvalidLabelsException) e).problems())
                        .containsExactly("'Grasp outcome' is required", "'Quality verdict' is required"));
        drafts.save(draft.id(), save("tab",
                new DraftOp.Put(new Label.Value(UUID.randomUUID(), "grasp_outcome", null, List.of("success"), null, null, null), 0),
                new DraftOp.Put(new Label.Value(UUID.randomUUID(), "quality", null, null, null, true, null), 0)));

        String key = "key-" + UUID.randomUUID();
        Submission first = drafts.submit(draft.id(), key);
        assertThat(first.labels()).isEqualTo(3);
        assertThat(drafts.submit(draft.id(), key)).as("a retried request").isEqualTo(first);
        assertThat(drafts.submit(draft.id(), "key-" + UUID.randomUUID())).as("a double click").isEqualTo(first);
        assertThat(drafts.draft(draft.id()).submitted()).isTrue();
        assertThatThrownBy(() -> drafts.save(draft.id(), save("tab",
                new DraftOp.Put(phase(UUID.randomUUID(), "grasp", 2, 3), 0))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("submitted");
    }

    @Test
    void theLabelsKeptBetweenSavesAreExactlyWhatTheDatabaseHolds() throws IOException {
        signIn.as("pm@acme.test");
        Draft draft = openDraft();
        UUID reach = UUID.randomUUID();
        UUID grasp = UUID.randomUUID();
        UUID contact = UUID.randomUUID();
        UUID outcome = UUID.randomUUID();
        UUID quality = UUID.randomUUID();
        drafts.save(draft.id(), save("tab", new DraftOp.Put(phase(grasp, "grasp", 2, 3), 0),
                new DraftOp.Put(phase(reach, "reach", 0, 2), 0),
                new DraftOp.Put(new Label.Event(contact, "contact", "contact-on", 2 * SECOND), 0),
                new DraftOp.Put(new Label.Value(outcome, "grasp_outcome", null, List.of("success"), null, null, null), 0),
                new DraftOp.Put(new Label.Value(quality, "quality", null, null, null, true, null), 0)));
        drafts.save(draft.id(), save("tab", new DraftOp.Delete(contact, 1), new DraftOp.Put(phase(reach, "reach", 0, 1), 1)));
        assertThatThrownBy(() -> drafts.save(draft.id(), save("tab",
                new DraftOp.Put(phase(UUID.randomUUID(), "lift", 0.5, 4), 0))))
                .as("a refused save leaves nothing behind in memory either").isInstanceOf(InvalidLabelsException.class);
        SaveResult third = drafts.save(draft.id(), save("tab", new DraftOp.Put(phase(contact, "lift", 3, 4), 2),
                new DraftOp.Delete(outcome, 1)));
        assertThat(third.revision()).isEqualTo(3);

        assertThat(labelCache.get(draft.id(), 3)).as("cached after commit").isPresent();
        assertThat(List.copyOf(labelCache.get(draft.id(), 3).orElseThrow().values()))
                .containsExactlyElementsOf(repository.labels(current.id(), draft.id(), true));
        assertThat(labelCache.get(draft.id(), 2)).as("only the current revision is ever used").isEmpty();
    }

    @Test
    void aQaLeadOpensAndSavesTheirOwnDraft() throws IOException {
        signIn.as("pm@acme.test");
        UUID[] episodeAndVersion = episodeAndSchemaVersion();
        signIn.out();
        signIn.as("qa@acme.test");
        Draft draft = drafts.openDirect(episodeAndVersion[0], episodeAndVersion[1]);
        assertThat(schemas.version(draft.schemaVersionId()).orElseThrow().inUse()).isTrue();
        assertThat(drafts.save(draft.id(), save("tab", new DraftOp.Put(phase(UUID.randomUUID(), "reach", 0, 2), 0)))
                .revision()).isEqualTo(1);
    }

    @Test
    void onlyTheOwnerSavesAndOtherOrganizationsSeeNothing() throws IOException {
        signIn.as("pm@acme.test");
        Draft draft = openDraft();
        signIn.out();
        signIn.as("qa@acme.test");
        assertThatThrownBy(() -> drafts.save(draft.id(), save("x", new DraftOp.Delete(UUID.randomUUID(), 0))))
                .isInstanceOf(AccessDeniedException.class);
        signIn.out();
        signIn.as("admin@globex.test");
        assertThatThrownBy(() -> drafts.draft(draft.id())).isInstanceOf(NotFoundInOrganizationException.class);
        signIn.out();
        signIn.as("annotator@acme.test");
        assertThatThrownBy(() -> drafts.draft(draft.id())).isInstanceOf(AccessDeniedException.class);
    }
}
