package dev.touchstone.curation;

import dev.touchstone.common.InvalidInputException;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.organization.CurrentOrganization;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The coverage planner over the module's coverage table (docs/curation.md): grids of two or three factors, a cell's
 * episodes, the shortfall against a target as a collection plan, and diversity figures. Admins, project managers and
 * QA leads; another organization's dataset is "not found".
 */
@Service
@PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
public class CoverageService {

    /** Episodes listed for a cell at most. */
    public static final int CELL_EPISODES = 500;
    static final int EXAMPLES = 3;

    private final CurrentOrganization current;
    private final DatasetService datasets;
    private final FactorRepository factors;
    private final CoverageRepository coverage;

    CoverageService(CurrentOrganization current, DatasetService datasets, FactorRepository factors,
                    CoverageRepository coverage) {
        this.current = current;
        this.datasets = datasets;
        this.factors = factors;
        this.coverage = coverage;
    }

    /**
     * Every cell of the factors' grid with its counts.
     *
     * @param factorKeys two or three factor keys (or names) of the dataset, the first varying slowest
     * @throws InvalidInputException for fewer than two, more than three, repeated or unknown factors
     */
    @Transactional(readOnly = true)
    public CoverageGrid grid(UUID datasetId, List<String> factorKeys) {
        datasets.requireDataset(datasetId);
        UUID org = current.id();
        List<Factor> chosen = resolve(org, datasetId, factorKeys);
        int[] positions = chosen.stream().mapToInt(Factor::position).toArray();
        Map<List<Integer>, CoverageRepository.CellRow> rows = new HashMap<>();
        int total = 0;
        int without = 0;
        for (CoverageRepository.CellRow row : coverage.grid(org, datasetId, positions)) {
            total += row.episodes();
            if (row.bins().contains(null)) {
                without += row.episodes();
                continue;
            }
            rows.put(row.bins().stream().map(Short::intValue).toList(), row);
        }
        List<CoverageCell> cells = new ArrayList<>();
        for (List<Integer> bins : combinations(chosen)) {
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < bins.size(); i++) {
                labels.add(chosen.get(i).binLabel(bins.get(i)));
            }
            CoverageRepository.CellRow r = rows.get(bins);
            cells.add(r == null ? new CoverageCell(bins, labels, 0, 0, 0, 0, null, 0, null)
                    : new CoverageCell(bins, labels, r.episodes(), r.accepted(), r.labelled(), r.successes(),
                    r.labelled() == 0 ? null : (double) r.successes() / r.labelled(), r.measured(),
                    r.measured() == 0 ? null : r.meanQualityFlag()));
        }
        return new CoverageGrid(chosen, cells, total, without);
    }

    /** The episodes of one cell by name (at most {@link #CELL_EPISODES}). */
    @Transactional(readOnly = true)
    public List<CoverageEpisode> episodes(UUID datasetId, List<String> factorKeys, List<Integer> bins) {
        datasets.requireDataset(datasetId);
        UUID org = current.id();
        List<Factor> chosen = resolve(org, datasetId, factorKeys);
        if (bins == null || bins.size() != chosen.size()) {
            throw new InvalidInputException(List.of("bins: one per factor of the grid"));
        }
        for (int i = 0; i < bins.size(); i++) {
            if (bins.get(i) == null || bins.get(i) < 1 || bins.get(i) > chosen.get(i).binCount()) {
                throw new InvalidInputException(List.of("bins: " + chosen.get(i).key() + " has bins 1 to "
                        + chosen.get(i).binCount()));
            }
        }
        return coverage.cell(org, datasetId, chosen.stream().mapToInt(Factor::position).toArray(),
                bins.stream().mapToInt(Integer::intValue).toArray(), CELL_EPISODES);
    }

    /** The shortfall of the grid against the target: every cell below it, most needed first. */
    @Transactional(readOnly = true)
    public CollectionPlan plan(UUID datasetId, List<String> factorKeys, CoverageTarget target) {
        CoverageGrid grid = grid(datasetId, factorKeys);
        UUID org = current.id();
        int[] positions = grid.factors().stream().mapToInt(Factor::position).toArray();
        List<CollectionPlan.Row> rows = new ArrayList<>();
        int total = 0;
        for (CoverageCell cell : grid.cells()) {
            int have = target.measure() == CoverageMeasure.ACCEPTED ? cell.accepted() : cell.episodes();
            int wanted = target.target(cell.bins());
            if (have >= wanted) {
                continue;
            }
            List<String> examples = cell.episodes() == 0 ? List.of()
                    : coverage.cell(org, datasetId, positions, cell.bins().stream().mapToInt(Integer::intValue)
                    .toArray(), EXAMPLES).stream().map(CoverageEpisode::name).toList();
            rows.add(new CollectionPlan.Row(cell.labels(), have, wanted, wanted - have, examples));
            total += wanted - have;
        }
        rows.sort(Comparator.comparingInt(CollectionPlan.Row::needed).reversed());
        return new CollectionPlan(grid.factors().stream().map(Factor::key).toList(), target.measure(), rows, total);
    }

    /**
     * The plan of a written rule, e.g. {@code >= 50 accepted per object x lighting}; a rule without "per" applies to
     * the given factors.
     */
    @Transactional(readOnly = true)
    public CollectionPlan plan(UUID datasetId, String rule, List<String> factorKeys) {
        CoverageTarget.Rule parsed;
        try {
            parsed = CoverageTarget.parse(rule);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(List.of("rule: " + e.getMessage()));
        }
        return plan(datasetId, parsed.factors().isEmpty() ? factorKeys : parsed.factors(), parsed.target());
    }

    /** Entropy and coverage of each factor of the grid, the grid's coverage, its most and least represented cells. */
    @Transactional(readOnly = true)
    public CoverageDiversity diversity(UUID datasetId, List<String> factorKeys) {
        CoverageGrid grid = grid(datasetId, factorKeys);
        UUID org = current.id();
        List<CoverageDiversity.PerFactor> perFactor = new ArrayList<>();
        for (Factor f : grid.factors()) {
            Map<Short, Integer> counts = coverage.binCounts(org, datasetId, f.position());
            List<String> bins = new ArrayList<>();
            List<Integer> n = new ArrayList<>();
            for (int b = 1; b <= f.binCount(); b++) {
                bins.add(f.binLabel(b));
                n.add(counts.getOrDefault((short) b, 0));
            }
            perFactor.add(perFactor(f, bins, n));
        }
        int nonEmpty = (int) grid.cells().stream().filter(c -> c.episodes() > 0).count();
        List<CoverageCell> byCount = grid.cells().stream()
                .sorted(Comparator.comparingInt(CoverageCell::episodes).reversed()).toList();
        List<CoverageCell> most = byCount.stream().filter(c -> c.episodes() > 0).limit(3).toList();
        List<CoverageCell> least = grid.cells().stream().sorted(Comparator.comparingInt(CoverageCell::episodes))
                .limit(3).toList();
        return new CoverageDiversity(perFactor, grid.cells().isEmpty() ? 0 : (double) nonEmpty / grid.cells().size(),
                grid.cells().size(), nonEmpty, most, least);
    }

    static CoverageDiversity.PerFactor perFactor(Factor f, List<String> bins, List<Integer> counts) {
        int total = counts.stream().mapToInt(Integer::intValue).sum();
        double entropy = 0;
        int nonEmpty = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / total;
                entropy -= p * Math.log(p) / Math.log(2);
                nonEmpty++;
            }
        }
        entropy = Math.abs(entropy);
        Double normalised = counts.size() < 2 || total == 0 ? null : entropy / (Math.log(counts.size()) / Math.log(2));
        return new CoverageDiversity.PerFactor(f.key(), f.name(), bins, counts, total, entropy, normalised,
                counts.isEmpty() ? 0 : (double) nonEmpty / counts.size());
    }

    private List<Factor> resolve(UUID org, UUID datasetId, List<String> keys) {
        List<Factor> declared = factors.factors(org, datasetId);
        if (keys == null || keys.size() < 2 || keys.size() > 3) {
            throw new InvalidInputException(List.of("factors: a grid has two or three factors"));
        }
        List<Factor> chosen = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String key : keys) {
            String k = key == null ? "" : key.strip();
            declared.stream().filter(f -> f.key().equals(k) || f.name().equalsIgnoreCase(k)).findFirst()
                    .ifPresentOrElse(chosen::add, () -> problems.add("factors: no factor '" + k
                            + "' in this dataset (declared: " + (declared.isEmpty() ? "none" : String.join(", ",
                            declared.stream().map(Factor::key).toList())) + ")"));
        }
        if (problems.isEmpty() && new HashSet<>(chosen).size() < chosen.size()) {
            problems.add("factors: each factor once");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return chosen;
    }

    private static List<List<Integer>> combinations(List<Factor> chosen) {
        List<List<Integer>> out = new ArrayList<>();
        out.add(List.of());
        for (Factor f : chosen) {
            List<List<Integer>> next = new ArrayList<>();
            for (List<Integer> prefix : out) {
                for (int b = 1; b <= f.binCount(); b++) {
                    List<Integer> bins = new ArrayList<>(prefix);
                    bins.add(b);
                    next.add(List.copyOf(bins));
                }
            }
            out = next;
        }
        return out;
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }
}
