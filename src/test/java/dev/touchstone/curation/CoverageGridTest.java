package dev.touchstone.curation;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.common.InvalidInputException;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.proposal.QualityVerdictProposed;
import dev.touchstone.workflow.TaskAccepted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The coverage planner against the hand-counted fixture of docs/curation.md ("Worked example"): factor values from
 * metadata and CSV, accepted tasks and quality verdicts as their events land, the grid's counts, the drill-down, the
 * collection plan and its CSV, the diversity figures, and another organization's dataset.
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoverageGridTest {

    @Autowired SignIn signIn;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired FactorService factors;
    @Autowired CoverageService coverage;
    @Autowired ApplicationEventPublisher events;

    Dataset dataset;
    Map<String, UUID> ids;

    @BeforeAll
    void fixture() {
        signIn.as("pm@acme.test");
        try {
            dataset = datasets.create("coverage " + UUID.randomUUID(), "");
            ids = CoverageFixture.record(store, current.id(), dataset.id());
            CoverageFixture.declare(factors, dataset.id());
            UUID org = current.id();
            UUID project = UUID.randomUUID();
            for (String name : List.of("e01", "e02", "e05")) {
                events.publishEvent(new TaskAccepted(org, UUID.randomUUID(), project, "p", ids.get(name), null,
                        false));
            }
            events.publishEvent(new QualityVerdictProposed(org, project, ids.get("e01"), true, 1.4));
            events.publishEvent(new QualityVerdictProposed(org, project, ids.get("e02"), false, 0.3));
            events.publishEvent(new QualityVerdictProposed(org, project, ids.get("e03"), false, 0.2));
        } finally {
            signIn.out();
        }
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void theGridCountsWhatWasCountedByHand() {
        signIn.as("qa@acme.test");
        CoverageGrid grid = coverage.grid(dataset.id(), List.of("object", "lighting"));
        assertThat(grid.episodes()).isEqualTo(12);
        assertThat(grid.withoutValue()).as("e11 has no object").isEqualTo(1);
        assertThat(grid.cells()).extracting(CoverageCell::labels).containsExactly(List.of("cube", "bright"),
                List.of("cube", "dim"), List.of("mug", "bright"), List.of("mug", "dim"), List.of("bottle", "bright"),
                List.of("bottle", "dim"));
        assertThat(grid.cells()).extracting(CoverageCell::episodes).containsExactly(4, 1, 2, 2, 0, 2);
        assertThat(grid.cells()).extracting(CoverageCell::accepted).containsExactly(2, 0, 1, 0, 0, 0);
        assertThat(grid.cells()).extracting(CoverageCell::labelled).containsExactly(3, 0, 2, 1, 0, 2);

        CoverageCell cubeBright = grid.cellLabelled("cube", "bright").orElseThrow();
        assertThat(cubeBright.successes()).isEqualTo(2);
        assertThat(cubeBright.successRate()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(cubeBright.measured()).isEqualTo(3);
        assertThat(cubeBright.meanQualityFlag()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(grid.cellLabelled("mug", "bright").orElseThrow().successRate()).isEqualTo(1.0);
        assertThat(grid.cellLabelled("mug", "dim").orElseThrow().successRate()).isEqualTo(0.0);
        assertThat(grid.cellLabelled("bottle", "dim").orElseThrow().successRate()).isEqualTo(0.5);
        CoverageCell cubeDim = grid.cellLabelled("cube", "dim").orElseThrow();
        assertThat(cubeDim.successRate()).as("a cell without outcomes has no rate, not 0 %").isNull();
        assertThat(cubeDim.value(CoverageMeasure.SUCCESS_RATE)).isNull();
        assertThat(cubeDim.meanQualityFlag()).isNull();
        assertThat(grid.cellLabelled("bottle", "bright").orElseThrow().value(CoverageMeasure.EPISODES)).isZero();
    }

    @Test
    void numericBinsAndThreeFactorGrids() {
        signIn.as("pm@acme.test");
        CoverageGrid grid = coverage.grid(dataset.id(), List.of("object_x", "object"));
        assertThat(grid.cells().stream().map(c -> c.labels().getFirst()).distinct().toList())
                .containsExactly("[0, 0.1)", "[0.1, 0.2)", "[0.2, 0.3]");
        // e12 lacks object_x and e11 lacks object
        assertThat(grid.withoutValue()).isEqualTo(2);
        assertThat(grid.cellLabelled("[0, 0.1)", "cube").orElseThrow().episodes()).as("e01, e04").isEqualTo(2);
        assertThat(grid.cellLabelled("[0.1, 0.2)", "mug").orElseThrow().episodes()).as("e05 at 0.10").isEqualTo(1);
        assertThat(grid.cellLabelled("[0.2, 0.3]", "mug").orElseThrow().episodes())
                .as("e07 at 0.2 and e06 at 0.30, the last bin closed").isEqualTo(2);
        assertThat(grid.cellLabelled("[0.1, 0.2)", "bottle").orElseThrow().episodes()).isEqualTo(2);

        CoverageGrid three = coverage.grid(dataset.id(), List.of("object", "lighting", "object_x"));
        assertThat(three.cells()).hasSize(3 * 2 * 3);
        assertThat(three.cellLabelled("cube", "bright", "[0, 0.1)").orElseThrow().episodes()).isEqualTo(1);
        assertThat(three.cells().stream().mapToInt(CoverageCell::episodes).sum()).isEqualTo(10);
    }

    @Test
    void aCellListsItsEpisodes() {
        signIn.as("pm@acme.test");
        assertThat(coverage.episodes(dataset.id(), List.of("object", "lighting"), List.of(1, 1)))
                .extracting(CoverageEpisode::name).containsExactly("e01", "e02", "e03", "e12");
        List<CoverageEpisode> cube = coverage.episodes(dataset.id(), List.of("object", "lighting"), List.of(1, 1));
        assertThat(cube.getFirst().accepted()).isTrue();
        assertThat(cube.getFirst().success()).isTrue();
        assertThat(cube.getFirst().qualityFlag()).isEqualTo(1.0);
        assertThat(cube.getLast().success()).isNull();
        assertThatThrownBy(() -> coverage.episodes(dataset.id(), List.of("object", "lighting"), List.of(4, 1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("object has bins 1 to 3");
    }

    @Test
    void theCollectionPlanListsTheShortfallMostNeededFirst() {
        signIn.as("pm@acme.test");
        CollectionPlan plan = coverage.plan(dataset.id(), ">= 2 episodes per object x lighting", null);
        assertThat(plan.totalNeeded()).isEqualTo(3);
        assertThat(plan.csv()).isEqualTo("""
                object,lighting,have,target,needed,examples\r
                bottle,bright,0,2,2,\r
                cube,dim,1,2,1,e04\r
                """);

        CollectionPlan accepted = coverage.plan(dataset.id(), ">= 2 accepted per Object x Lighting", null);
        assertThat(accepted.rows()).extracting(r -> String.join("/", r.cell()) + "=" + r.needed())
                .containsExactlyInAnyOrder("cube/dim=2", "mug/bright=1", "mug/dim=2", "bottle/bright=2",
                        "bottle/dim=2");
        assertThat(accepted.totalNeeded()).isEqualTo(9);
        CollectionPlan.Row mugBright = accepted.rows().stream().filter(r -> r.cell().equals(List.of("mug",
                "bright"))).findFirst().orElseThrow();
        assertThat(mugBright.have()).isEqualTo(1);
        assertThat(mugBright.examples()).containsExactly("e05", "e06");

        CollectionPlan perCell = coverage.plan(dataset.id(), List.of("object", "lighting"),
                new CoverageTarget(CoverageMeasure.EPISODES, 0, Map.of(List.of(1, 1), 5)));
        assertThat(perCell.rows()).singleElement().satisfies(r -> {
            assertThat(r.cell()).containsExactly("cube", "bright");
            assertThat(r.needed()).isEqualTo(1);
            assertThat(r.examples()).containsExactly("e01", "e02", "e03");
        });

        assertThatThrownBy(() -> coverage.plan(dataset.id(), "fifty per object", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(">= 50 accepted per object x lighting");
        assertThatThrownBy(() -> coverage.plan(dataset.id(), ">= 5 episodes per object x weather", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no factor 'weather'");
    }

    @Test
    void diversityOfTheWorkedExample() {
        signIn.as("pm@acme.test");
        CoverageDiversity d = coverage.diversity(dataset.id(), List.of("object", "lighting"));
        CoverageDiversity.PerFactor object = d.factors().getFirst();
        assertThat(object.counts()).containsExactly(5, 4, 2);
        assertThat(object.withValue()).isEqualTo(11);
        assertThat(object.entropyBits()).isCloseTo(1.4949, within(1e-4));
        assertThat(object.normalisedEntropy()).isCloseTo(0.9432, within(1e-4));
        assertThat(object.coverageRatio()).isEqualTo(1.0);
        CoverageDiversity.PerFactor lighting = d.factors().get(1);
        assertThat(lighting.counts()).containsExactly(7, 5);
        assertThat(lighting.entropyBits()).isCloseTo(0.9799, within(1e-4));
        assertThat(lighting.normalisedEntropy()).isCloseTo(0.9799, within(1e-4));
        assertThat(d.cells()).isEqualTo(6);
        assertThat(d.nonEmptyCells()).isEqualTo(5);
        assertThat(d.gridCoverage()).isCloseTo(5.0 / 6, within(1e-9));
        assertThat(d.most()).extracting(CoverageCell::labels).first().isEqualTo(List.of("cube", "bright"));
        assertThat(d.least()).extracting(CoverageCell::labels).startsWith(List.of("bottle", "bright"),
                List.of("cube", "dim"));
    }

    @Test
    void anImportAfterTheDeclarationLandsInTheGrid() {
        signIn.as("pm@acme.test");
        Dataset later = datasets.create("coverage later " + UUID.randomUUID(), "");
        factors.declare(later.id(), NewFactor.categorical("object", "Object", List.of("cube", "mug"),
                FactorSource.METADATA, "object"));
        factors.declare(later.id(), NewFactor.categorical("operator", "Operator", List.of(), FactorSource.METADATA,
                "operator").opened());
        assertThat(coverage.grid(later.id(), List.of("object", "operator")).cells()).isEmpty();
        CoverageFixture.episode(store, current.id(), later.id(), "new-1", Map.of("object", "mug", "operator",
                "op-2"));
        CoverageFixture.episode(store, current.id(), later.id(), "new-2", Map.of("object", "plate", "operator",
                "op-1"));
        CoverageGrid grid = coverage.grid(later.id(), List.of("object", "operator"));
        assertThat(grid.factors().get(1).categories()).as("an open factor grows in the order values arrive")
                .containsExactly("op-2", "op-1");
        assertThat(grid.cellLabelled("mug", "op-2").orElseThrow().episodes()).isEqualTo(1);
        assertThat(grid.withoutValue()).as("'plate' is not a declared object: left out of the grid")
                .isEqualTo(1);
    }

    @Test
    void declarationsAreCheckedAndRefusedMetadataStoresNothing() {
        signIn.as("pm@acme.test");
        assertThatThrownBy(() -> factors.declare(dataset.id(), NewFactor.numeric("Bad Key", "", List.of(1.0, 0.5),
                FactorSource.METADATA, "x")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).containsExactly(
                        "key: 1 to 40 characters of a-z, 0-9 and _, starting with a letter",
                        "name: 1 to 100 characters",
                        "edges: each edge must be greater than the one before"));
        assertThatThrownBy(() -> factors.declare(dataset.id(), NewFactor.categorical("object", "Again",
                List.of("a"), FactorSource.MANUAL, null)))
                .hasMessageContaining("the dataset has a factor 'object' already");

        // e06 is at 0.30, outside [0, 0.25]: the declaration is refused and names it
        assertThatThrownBy(() -> factors.declare(dataset.id(), NewFactor.numeric("x_short", "x", List.of(0.0, 0.25),
                FactorSource.METADATA, "object_x")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).containsExactly(
                        "episode 'e06' (metadata object_x): x_short: 0.30 is outside [0, 0.25]"));
        // only cube and mug: bottle is unknown in e09 and e10
        assertThatThrownBy(() -> factors.declare(dataset.id(), NewFactor.categorical("object_2", "Object",
                List.of("cube", "mug"), FactorSource.METADATA, "object")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).containsExactly(
                        "episode 'e09' (metadata object): object_2: 'bottle' is not one of cube, mug",
                        "episode 'e10' (metadata object): object_2: 'bottle' is not one of cube, mug"));
        assertThat(factors.factors(dataset.id())).extracting(Factor::key)
                .containsExactly("object", "lighting", "object_x", "outcome");
    }

    @Test
    void csvValuesAreCheckedRowByRowAndARefusedFileStoresNothing() {
        signIn.as("pm@acme.test");
        assertThatThrownBy(() -> factors.uploadCsv(dataset.id(), """
                episode,outcome
                e04,success
                e99,fail
                e08,maybe
                """))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).containsExactly(
                        "row 3: no episode 'e99' in this dataset",
                        "row 4 (episode 'e08'): outcome: 'maybe' is not one of success, fail"));
        assertThatThrownBy(() -> factors.uploadCsv(dataset.id(), "episode,object\ne04,mug\n"))
                .hasMessageContaining("object takes its values from the metadata key 'object'");
        assertThatThrownBy(() -> factors.uploadCsv(dataset.id(), "name,outcome\ne04,fail\n"))
                .hasMessageContaining("row 1: the header starts with the column 'episode'");
        assertThat(coverage.grid(dataset.id(), List.of("object", "lighting")).cellLabelled("cube", "dim")
                .orElseThrow().labelled()).as("e04 kept no outcome").isZero();
    }

    @Test
    void anotherOrganizationsDatasetIsNotFoundAndReadersCannotWrite() {
        signIn.as("admin@globex.test");
        assertThatThrownBy(() -> factors.factors(dataset.id())).isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> coverage.grid(dataset.id(), List.of("object", "lighting")))
                .isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> factors.uploadCsv(dataset.id(), CoverageFixture.OUTCOMES))
                .isInstanceOf(NotFoundInOrganizationException.class);
        signIn.as("qa@acme.test");
        assertThat(factors.factors(dataset.id())).hasSize(4);
        assertThatThrownBy(() -> factors.uploadCsv(dataset.id(), CoverageFixture.OUTCOMES))
                .isInstanceOf(AccessDeniedException.class);
    }
}
