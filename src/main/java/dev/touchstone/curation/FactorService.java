package dev.touchstone.curation;

import dev.touchstone.common.InvalidInputException;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeFacts;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A dataset's design factors and their values (docs/curation.md, "Factors"). Admins, project managers and QA leads
 * read them; admins and project managers declare factors and upload values. Another organization's dataset is "not
 * found". Every write checks all of its input first and stores nothing when any of it is refused.
 */
@Service
@PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
public class FactorService {

    /** Factors per dataset: the slots of the coverage table's bins. */
    public static final int MAX_FACTORS = 12;
    public static final int MAX_BINS = 100;
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final int PAGE = 1000;

    private final CurrentOrganization current;
    private final DatasetService datasets;
    private final WorkflowService workflow;
    private final EpisodeFacts episodes;
    private final FactorRepository factors;
    private final CoverageRepository coverage;
    private final CoverageIndex index;

    FactorService(CurrentOrganization current, DatasetService datasets, WorkflowService workflow,
                  EpisodeFacts episodes, FactorRepository factors, CoverageRepository coverage, CoverageIndex index) {
        this.current = current;
        this.datasets = datasets;
        this.workflow = workflow;
        this.episodes = episodes;
        this.factors = factors;
        this.coverage = coverage;
        this.index = index;
    }

    /** The dataset's factors in declaration order. */
    @Transactional(readOnly = true)
    public List<Factor> factors(UUID datasetId) {
        datasets.requireDataset(datasetId);
        return factors.factors(current.id(), datasetId);
    }

    /**
     * Declares a factor and, for a metadata factor, reads every episode's value of its key at once.
     *
     * @throws InvalidInputException           for a declaration that breaks a rule, or metadata values it refuses
     *                                         (each episode named; nothing is stored)
     * @throws NotFoundInOrganizationException for a dataset or project not in this organization
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public Factor declare(UUID datasetId, NewFactor request) {
        datasets.requireDataset(datasetId);
        UUID organizationId = current.id();
        List<Factor> declared = factors.factors(organizationId, datasetId);
        List<String> problems = check(request, declared);
        if (request.source() == FactorSource.LABEL && request.projectId() != null) {
            Project project = workflow.project(request.projectId())
                    .orElseThrow(() -> new NotFoundInOrganizationException("No such project"));
            if (!project.datasetId().equals(datasetId)) {
                problems.add("project: '" + project.name() + "' labels another dataset");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Set<Integer> taken = new HashSet<>();
        declared.forEach(f -> taken.add(f.position()));
        int position = 1;
        while (taken.contains(position)) {
            position++;
        }
        UUID id = factors.insert(organizationId, datasetId, position, request);
        Factor factor = factors.factors(organizationId, datasetId).stream().filter(f -> f.id().equals(id))
                .findFirst().orElseThrow();
        index.ensureRows(organizationId, datasetId);
        if (factor.source() == FactorSource.METADATA) {
            Map<UUID, String> values = new LinkedHashMap<>();
            Map<UUID, String> labels = new LinkedHashMap<>();
            UUID after = null;
            List<EpisodeFacts.Facts> page;
            while (!(page = episodes.page(organizationId, datasetId, after, PAGE)).isEmpty()) {
                for (EpisodeFacts.Facts e : page) {
                    String value = e.metadata().get(factor.sourceKey());
                    if (value != null && !value.isBlank()) {
                        values.put(e.episodeId(), value);
                        labels.put(e.episodeId(), "episode '" + e.name() + "' (metadata " + factor.sourceKey() + ")");
                    }
                }
                after = page.getLast().episodeId();
            }
            factor = index.store(organizationId, factor, values, labels, true);
        }
        index.refresh(organizationId, datasetId, null);
        return factor;
    }

    private static List<String> check(NewFactor f, List<Factor> declared) {
        List<String> problems = new ArrayList<>();
        if (f.key() == null || !KEY.matcher(f.key()).matches()) {
            problems.add("key: 1 to 40 characters of a-z, 0-9 and _, starting with a letter");
        } else if (declared.stream().anyMatch(d -> d.key().equals(f.key()))) {
            problems.add("key: the dataset has a factor '" + f.key() + "' already");
        }
        if (declared.size() >= MAX_FACTORS) {
            problems.add("a dataset has at most " + MAX_FACTORS + " factors");
        }
        if (f.name() == null || f.name().isBlank() || f.name().strip().length() > 100) {
            problems.add("name: 1 to 100 characters");
        }
        if (f.kind() == null) {
            problems.add("kind: categorical or numeric");
        } else if (f.kind() == FactorKind.CATEGORICAL) {
            if (!f.edges().isEmpty()) {
                problems.add("edges: only a numeric factor has bin edges");
            }
            if (f.categories().isEmpty() && !f.open()) {
                problems.add("categories: a closed categorical factor needs at least one category");
            }
            if (f.categories().size() > MAX_BINS) {
                problems.add("categories: at most " + MAX_BINS);
            }
            Set<String> seen = new HashSet<>();
            for (String c : f.categories()) {
                if (c == null || c.isBlank() || c.length() > 200 || !c.equals(c.strip())) {
                    problems.add("categories: each is 1 to 200 characters without surrounding spaces");
                } else if (!seen.add(c)) {
                    problems.add("categories: '" + c + "' is listed twice");
                }
            }
            for (String s : f.successValues()) {
                if (!f.categories().contains(s) && !f.open()) {
                    problems.add("successValues: '" + s + "' is not one of the categories");
                }
            }
            if (!f.successValues().isEmpty() && declared.stream().anyMatch(Factor::isOutcome)) {
                problems.add("successValues: the dataset's outcome factor is '" + declared.stream()
                        .filter(Factor::isOutcome).findFirst().orElseThrow().key() + "' already");
            }
        } else {
            if (!f.categories().isEmpty() || f.open() || !f.successValues().isEmpty()) {
                problems.add("categories, open and successValues are for categorical factors");
            }
            if (f.edges().size() < 2 || f.edges().size() > MAX_BINS + 1) {
                problems.add("edges: 2 to " + (MAX_BINS + 1) + " ascending numbers (1 to " + MAX_BINS + " bins)");
            } else {
                for (int i = 0; i < f.edges().size(); i++) {
                    Double e = f.edges().get(i);
                    if (e == null || !Double.isFinite(e)) {
                        problems.add("edges: finite numbers only");
                        break;
                    }
                    if (i > 0 && !(e > f.edges().get(i - 1))) {
                        problems.add("edges: each edge must be greater than the one before");
                        break;
                    }
                }
            }
        }
        if (f.source() == null) {
            problems.add("source: metadata, label or manual");
        } else if (f.source() != FactorSource.MANUAL
                && (f.sourceKey() == null || f.sourceKey().isBlank() || f.sourceKey().length() > 200)) {
            problems.add("sourceKey: the metadata key or value label definition to read, 1 to 200 characters");
        } else if (f.source() == FactorSource.LABEL && f.projectId() == null) {
            problems.add("projectId: a label factor reads the accepted labels of one project");
        } else if (f.source() == FactorSource.LABEL && f.kind() != FactorKind.CATEGORICAL) {
            problems.add("kind: a label factor takes a value label's class, so it is categorical");
        }
        return problems;
    }

    /**
     * Removes a factor and its values; the coverage table forgets its bins.
     *
     * @throws NotFoundInOrganizationException for a dataset or factor not in this organization
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public void delete(UUID datasetId, UUID factorId) {
        datasets.requireDataset(datasetId);
        if (!factors.delete(current.id(), datasetId, factorId)) {
            throw new NotFoundInOrganizationException("No such factor");
        }
        index.refresh(current.id(), datasetId, null);
    }

    /**
     * Sets manual factors' values of episodes named by id or name; an empty or null value removes one.
     *
     * @return how many values were set or removed
     * @throws InvalidInputException for an unknown episode or factor, a factor whose values come from elsewhere, or
     *                               a value its declaration refuses: every row is named and nothing is stored
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public int setValues(UUID datasetId, List<EpisodeFactorValues> rows) {
        return setValues(datasetId, rows, 1);
    }

    /**
     * Sets manual factors' values from CSV text: a header row {@code episode,<key>,<key>...}, then one row per
     * episode (its id or name); an empty cell removes the value.
     *
     * @throws InvalidInputException as {@link #setValues}, rows numbered as lines of the file (the header is 1)
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public int uploadCsv(UUID datasetId, String csv) {
        List<List<String>> lines = Csv.parse(csv);
        if (lines.isEmpty() || lines.getFirst().isEmpty() || !"episode".equals(lines.getFirst().getFirst().strip())) {
            throw new InvalidInputException(List.of("row 1: the header starts with the column 'episode' (the "
                    + "episode's id or name), then one column per factor key"));
        }
        List<String> header = lines.getFirst().stream().map(String::strip).toList();
        List<EpisodeFactorValues> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> cells = lines.get(i);
            if (cells.size() == 1 && cells.getFirst().isBlank()) {
                continue;
            }
            if (cells.size() != header.size()) {
                problems.add("row " + (i + 1) + ": " + cells.size() + " cells, the header has " + header.size());
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int c = 1; c < header.size(); c++) {
                values.put(header.get(c), cells.get(c));
            }
            rows.add(new EpisodeFactorValues(cells.getFirst().strip(), values));
        }
        if (!problems.isEmpty()) {
            throw CoverageIndex.invalid(problems);
        }
        return setValues(datasetId, rows, 2);
    }

    private int setValues(UUID datasetId, List<EpisodeFactorValues> rows, int firstRow) {
        datasets.requireDataset(datasetId);
        UUID organizationId = current.id();
        Map<String, Factor> byKey = new LinkedHashMap<>();
        factors.factors(organizationId, datasetId).forEach(f -> byKey.put(f.key(), f));
        List<String> problems = new ArrayList<>();
        Map<UUID, Map<UUID, String>> perFactor = new LinkedHashMap<>();
        Map<UUID, String> labels = new LinkedHashMap<>();
        Set<String> refusedKeys = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            EpisodeFactorValues row = rows.get(i);
            String where = "row " + (i + firstRow);
            UUID episodeId = resolve(organizationId, datasetId, row.episode(), where, problems);
            if (episodeId == null) {
                continue;
            }
            labels.put(episodeId, where + " (episode '" + row.episode() + "')");
            for (Map.Entry<String, String> value : row.values().entrySet()) {
                Factor factor = byKey.get(value.getKey());
                if (factor == null) {
                    if (refusedKeys.add(value.getKey())) {
                        problems.add(where + ": no factor '" + value.getKey() + "' in this dataset (declared: "
                                + (byKey.isEmpty() ? "none" : String.join(", ", byKey.keySet())) + ")");
                    }
                    continue;
                }
                if (factor.source() != FactorSource.MANUAL) {
                    if (refusedKeys.add(value.getKey())) {
                        problems.add(where + ": " + factor.key() + " takes its values from "
                                + (factor.source() == FactorSource.METADATA ? "the metadata key '" : "the label '")
                                + factor.sourceKey() + "'; only manual factors take uploaded values");
                    }
                    continue;
                }
                String v = value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
                perFactor.computeIfAbsent(factor.id(), k -> new LinkedHashMap<>()).put(episodeId, v);
            }
        }
        int count = 0;
        for (Factor factor : byKey.values()) {
            Map<UUID, String> values = perFactor.get(factor.id());
            if (values == null) {
                continue;
            }
            try {
                index.store(organizationId, factor, values, labels, true);
                count += values.size();
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            // the transaction rolls back whatever the factors before the refused one stored
            throw CoverageIndex.invalid(problems);
        }
        index.refresh(organizationId, datasetId, labels.keySet());
        return count;
    }

    private UUID resolve(UUID organizationId, UUID datasetId, String episode, String where, List<String> problems) {
        if (episode == null || episode.isBlank()) {
            problems.add(where + ": no episode given");
            return null;
        }
        try {
            UUID id = UUID.fromString(episode.strip());
            var row = coverage.row(organizationId, id);
            if (row.isPresent() && row.get().datasetId().equals(datasetId)) {
                return id;
            }
        } catch (IllegalArgumentException notAnId) {
            // a name, then
        }
        List<UUID> named = coverage.episodesNamed(organizationId, datasetId, episode.strip());
        if (named.size() == 1) {
            return named.getFirst();
        }
        problems.add(where + ": " + (named.isEmpty() ? "no episode '" + episode + "' in this dataset"
                : named.size() + " episodes are named '" + episode + "'; give its id"));
        return null;
    }
}
