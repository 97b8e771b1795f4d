package dev.touchstone.curation;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.audit.AuditService;
import dev.touchstone.common.CursorPage;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pairing rules (docs/curation.md, "Pairs"), against the real database. */
@TouchstoneSpringTest
class EpisodePairsTest {

    @Autowired
    SignIn signIn;
    @Autowired
    EpisodePairs pairs;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodeStore store;
    @Autowired
    CurrentOrganization current;
    @Autowired
    AuditService audit;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    private UUID episode(UUID datasetId, String name, Map<String, String> metadata) throws IOException {
        try (EpisodeRecorder recorder = store.record(current.id(), datasetId, null)) {
            recorder.describe(EpisodeDescription.of(name, name + ".mcap", "test").withMetadata(metadata));
            recorder.signal("joints", StreamSource.of(name + ".mcap"), List.of(new SignalChannel("j1", "rad")))
                    .append(0, 0.0);
            return recorder.commit().id();
        }
    }

    /** The target of the newest audit line of the action, read by acme's admin; signs the manager back in. */
    private String lastAudit(String action) {
        signIn.as("admin@acme.test");
        try {
            return audit.page(action, 0, 1).getFirst().targetId();
        } finally {
            signIn.as("pm@acme.test");
        }
    }

    private Dataset dataset(String name) {
        return datasets.create(name + " " + UUID.randomUUID(), "");
    }

    @Test
    void aPairMadeByHandIsListedWithBothNamesReadByQaAndDeletedByAManager() throws IOException {
        signIn.as("pm@acme.test");
        Dataset dataset = dataset("hand pairs");
        UUID sim = episode(dataset.id(), "sim-7", Map.of("variant", "sim"));
        UUID real = episode(dataset.id(), "real-7", Map.of("variant", "real"));

        EpisodePair pair = pairs.create(dataset.id(), EpisodePair.SIM_REAL, sim, real, null, 40_000_000L);
        assertThat(pair.first()).isEqualTo(sim);
        assertThat(pair.second()).isEqualTo(real);
        assertThat(pair.offsetNanos()).isEqualTo(40_000_000L);
        assertThat(pair.key()).isNull();
        assertThat(pair.partnerOf(real)).isEqualTo(sim);
        assertThat(lastAudit("episode_pair.created")).isEqualTo(pair.id().toString());

        signIn.as("qa@acme.test");
        CursorPage<EpisodePairEntry> page = pairs.pairs(dataset.id(), null, null);
        assertThat(page.items()).singleElement().satisfies(entry -> {
            assertThat(entry.pair()).isEqualTo(pair);
            assertThat(entry.firstName()).isEqualTo("sim-7");
            assertThat(entry.secondName()).isEqualTo("real-7");
        });
        assertThat(page.nextCursor()).isNull();
        assertThat(pairs.pair(pair.id())).isEqualTo(pair);
        assertThat(pairs.pairsOf(real)).containsExactly(pair);
        assertThatThrownBy(() -> pairs.delete(pair.id())).as("QA leads read pairs, they do not delete them")
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> pairs.create(dataset.id(), EpisodePair.TAKES, sim, real, null, 0))
                .isInstanceOf(AccessDeniedException.class);

        signIn.as("annotator@acme.test");
        assertThatThrownBy(() -> pairs.pairs(dataset.id(), null, null)).isInstanceOf(AccessDeniedException.class);

        signIn.as("pm@acme.test");
        pairs.delete(pair.id());
        assertThat(pairs.pairs(dataset.id(), null, null).items()).isEmpty();
        assertThat(lastAudit("episode_pair.deleted")).isEqualTo(pair.id().toString());
        assertThatThrownBy(() -> pairs.pair(pair.id())).isInstanceOf(NotFoundInOrganizationException.class);
    }

    @Test
    void anEpisodeIsNeverPairedWithItselfNorTwoEpisodesTwiceNorAcrossDatasets() throws IOException {
        signIn.as("pm@acme.test");
        Dataset dataset = dataset("pair rules");
        Dataset other = dataset("pair rules other");
        UUID a = episode(dataset.id(), "take-a", Map.of());
        UUID b = episode(dataset.id(), "take-b", Map.of());
        UUID elsewhere = episode(other.id(), "take-c", Map.of());

        assertThatThrownBy(() -> pairs.create(dataset.id(), EpisodePair.TAKES, a, a, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("itself");
        assertThatThrownBy(() -> pairs.create(dataset.id(), "twins", a, b, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sim-real, rollout-demo, takes");
        assertThatThrownBy(() -> pairs.create(dataset.id(), EpisodePair.TAKES, a, elsewhere, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another dataset");

        EpisodePair pair = pairs.create(dataset.id(), EpisodePair.TAKES, a, b, null, 0);
        assertThatThrownBy(() -> pairs.create(dataset.id(), EpisodePair.TAKES, a, b, null, 0))
                .isInstanceOf(EpisodePairExistsException.class).hasMessageContaining(pair.id().toString());
        assertThatThrownBy(() -> pairs.create(dataset.id(), EpisodePair.ROLLOUT_DEMO, b, a, null, 0))
                .as("the same two episodes in the other order, as another kind, are the same pair")
                .isInstanceOf(EpisodePairExistsException.class);
        assertThat(pairs.count(dataset.id())).isEqualTo(1);
    }

    @Test
    void simRealByHandRefusesARealEpisodeOnTheSimSide() throws IOException {
        signIn.as("pm@acme.test");
        Dataset dataset = dataset("variant order");
        UUID sim = episode(dataset.id(), "s", Map.of("variant", "sim"));
        UUID real = episode(dataset.id(), "r", Map.of("variant", "real"));
        assertThatThrownBy(() -> pairs.create(dataset.id(), EpisodePair.SIM_REAL, real, sim, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("swap them");
        assertThat(pairs.create(dataset.id(), EpisodePair.SIM_REAL, sim, real, null, 0).first()).isEqualTo(sim);
    }

    @Test
    void anotherOrganizationsEpisodesAndPairsAreNotFound() throws IOException {
        signIn.as("pm@acme.test");
        Dataset dataset = dataset("tenant pairs");
        UUID a = episode(dataset.id(), "acme-a", Map.of());
        UUID b = episode(dataset.id(), "acme-b", Map.of());
        EpisodePair acmePair = pairs.create(dataset.id(), EpisodePair.TAKES, a, b, null, 0);

        signIn.as("admin@globex.test");
        Dataset globex = dataset("globex pairs");
        UUID g = episode(globex.id(), "globex-g", Map.of());
        assertThatThrownBy(() -> pairs.create(globex.id(), EpisodePair.TAKES, g, a, null, 0))
                .as("an acme episode named from globex").isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> pairs.create(dataset.id(), EpisodePair.TAKES, a, b, null, 0))
                .as("acme's dataset named from globex").isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> pairs.pair(acmePair.id())).isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> pairs.delete(acmePair.id())).isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> pairs.pairs(dataset.id(), null, null))
                .isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> pairs.pairByKey(dataset.id(), "pair_key", EpisodePair.SIM_REAL))
                .isInstanceOf(NotFoundInOrganizationException.class);
        assertThat(pairs.pairsOf(a)).isEmpty();
    }

    @Test
    void pairingByKeyPairsEqualValuesSimFirstAndReportsWhatItCannotPair() throws IOException {
        signIn.as("pm@acme.test");
        Dataset dataset = dataset("by key");
        // k1: a clean sim/real twin, listed real first so the order must come from the variant.
        UUID real1 = episode(dataset.id(), "a-real-1", Map.of("pair_key", "k1", "variant", "real"));
        UUID sim1 = episode(dataset.id(), "b-sim-1", Map.of("pair_key", "k1", "variant", "sim"));
        // k2: one episode only.
        UUID lone = episode(dataset.id(), "lone", Map.of("pair_key", "k2", "variant", "sim"));
        // k3: three episodes share the key: ambiguous, nothing guessed.
        UUID t1 = episode(dataset.id(), "t1", Map.of("pair_key", "k3", "variant", "sim"));
        UUID t2 = episode(dataset.id(), "t2", Map.of("pair_key", "k3", "variant", "real"));
        UUID t3 = episode(dataset.id(), "t3", Map.of("pair_key", "k3", "variant", "real"));
        // k4: two real episodes: not one of each.
        UUID r1 = episode(dataset.id(), "r1", Map.of("pair_key", "k4", "variant", "real"));
        UUID r2 = episode(dataset.id(), "r2", Map.of("pair_key", "k4", "variant", "real"));
        // No key at all: not looked at.
        episode(dataset.id(), "unkeyed", Map.of("variant", "sim"));

        PairingReport report = pairs.pairByKey(dataset.id(), "pair_key", EpisodePair.SIM_REAL);
        assertThat(report.created()).singleElement().satisfies(p -> {
            assertThat(p.first()).isEqualTo(sim1);
            assertThat(p.second()).isEqualTo(real1);
            assertThat(p.key()).isEqualTo("k1");
            assertThat(p.kind()).isEqualTo(EpisodePair.SIM_REAL);
        });
        assertThat(report.alreadyPaired()).isZero();
        assertThat(report.issues()).containsExactly(
                new PairingIssue("k2", PairingIssue.UNPAIRED, List.of(lone)),
                new PairingIssue("k3", PairingIssue.AMBIGUOUS, List.of(t1, t2, t3)),
                new PairingIssue("k4", PairingIssue.VARIANTS, List.of(r1, r2)));
        assertThat(lastAudit("episode_pair.paired_by_key")).isEqualTo(dataset.id().toString());

        PairingReport again = pairs.pairByKey(dataset.id(), "pair_key", EpisodePair.SIM_REAL);
        assertThat(again.created()).as("running it twice makes nothing new").isEmpty();
        assertThat(again.alreadyPaired()).isEqualTo(1);
        assertThat(pairs.count(dataset.id())).isEqualTo(1);

        PairingReport takes = pairs.pairByKey(dataset.id(), "pair_key", EpisodePair.TAKES);
        assertThat(takes.created()).as("takes need no variant: k4's two reals become a pair, in name order")
                .singleElement().satisfies(p -> {
                    assertThat(p.first()).isEqualTo(r1);
                    assertThat(p.second()).isEqualTo(r2);
                });
        assertThatThrownBy(() -> pairs.pairByKey(dataset.id(), " ", EpisodePair.TAKES))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
