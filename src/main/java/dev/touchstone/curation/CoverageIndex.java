package dev.touchstone.curation;

import dev.touchstone.common.InvalidInputException;
import dev.touchstone.dataset.EpisodeFacts;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps the coverage table in step with the factor values: stores values after checking them against their
 * declaration, and writes each touched episode's bins and outcome again. No security or transaction of its own; its
 * callers (the services, the event listeners) resolved the organization and hold the transaction.
 */
@Component
class CoverageIndex {

    /** Problems listed in one error, so that a file of 100,000 bad rows does not make a 100,000-line answer. */
    static final int MAX_LISTED = 20;
    private static final int PAGE = 1000;

    private final FactorRepository factors;
    private final CoverageRepository coverage;
    private final EpisodeFacts episodes;

    CoverageIndex(FactorRepository factors, CoverageRepository coverage, EpisodeFacts episodes) {
        this.factors = factors;
        this.coverage = coverage;
        this.episodes = episodes;
    }

    /** Adds a coverage row for every episode of the dataset that has none (episodes imported before any factor). */
    void ensureRows(UUID organizationId, UUID datasetId) {
        UUID after = null;
        while (true) {
            List<EpisodeFacts.Facts> page = episodes.page(organizationId, datasetId, after, PAGE);
            if (page.isEmpty()) {
                return;
            }
            coverage.insertMissing(organizationId, datasetId, page.stream()
                    .map(f -> new CoverageRepository.EpisodeName(f.episodeId(), f.name(), f.importedAt())).toList());
            after = page.getLast().episodeId();
        }
    }

    /**
     * Checks values of one factor and stores the good ones (null removes a value). An open factor takes a new category
     * at the end of its list. With {@code strict}, any refused value refuses them all: an {@link
     * InvalidInputException} names each refused episode (by {@code labels}) and nothing is stored.
     *
     * @return the factor as stored afterwards (an open one may have grown)
     */
    Factor store(UUID organizationId, Factor factor, Map<UUID, String> values, Map<UUID, String> labels,
                 boolean strict) {
        List<String> problems = new ArrayList<>();
        List<String> categories = new ArrayList<>(factor.categories());
        Map<UUID, String> good = new LinkedHashMap<>();
        values.forEach((episodeId, value) -> {
            if (value == null) {
                good.put(episodeId, null);
                return;
            }
            try {
                if (factor.bin(value) == 0 && !categories.contains(value.strip())) {
                    categories.add(value.strip());
                }
                good.put(episodeId, value.strip());
            } catch (IllegalArgumentException e) {
                problems.add(labels.getOrDefault(episodeId, "episode " + episodeId) + ": " + e.getMessage());
            }
        });
        if (strict && !problems.isEmpty()) {
            throw invalid(problems);
        }
        Factor stored = factor;
        if (categories.size() != factor.categories().size()) {
            factors.setCategories(organizationId, factor.id(), categories);
            stored = new Factor(factor.id(), factor.datasetId(), factor.position(), factor.key(), factor.name(),
                    factor.kind(), categories, factor.open(), factor.edges(), factor.source(), factor.sourceKey(),
                    factor.projectId(), factor.successValues());
        }
        factors.setValues(organizationId, factor.id(), good);
        return stored;
    }

    static InvalidInputException invalid(List<String> problems) {
        if (problems.size() <= MAX_LISTED) {
            return new InvalidInputException(problems);
        }
        List<String> listed = new ArrayList<>(problems.subList(0, MAX_LISTED));
        listed.add("and " + (problems.size() - MAX_LISTED) + " more");
        return new InvalidInputException(listed);
    }

    /** Writes the bins and outcome of the given episodes (null: every episode of the dataset) from their values. */
    void refresh(UUID organizationId, UUID datasetId, Collection<UUID> episodeIds) {
        List<Factor> declared = factors.factors(organizationId, datasetId);
        Collection<UUID> ids = episodeIds == null ? coverage.episodeIds(organizationId, datasetId) : episodeIds;
        Map<UUID, Map<UUID, String>> values = declared.isEmpty() ? Map.of()
                : factors.values(organizationId, declared.stream().map(Factor::id).toList(), episodeIds);
        int slots = declared.stream().mapToInt(Factor::position).max().orElse(0);
        Map<UUID, CoverageRepository.Bins> bins = new HashMap<>();
        for (UUID id : ids) {
            Short[] row = new Short[slots];
            Boolean success = null;
            Map<UUID, String> own = values.getOrDefault(id, Map.of());
            for (Factor f : declared) {
                String value = own.get(f.id());
                if (value == null) {
                    continue;
                }
                try {
                    int bin = f.bin(value);
                    row[f.position() - 1] = bin == 0 ? null : (short) bin;
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (f.isOutcome()) {
                    success = f.successValues().contains(value);
                }
            }
            bins.put(id, new CoverageRepository.Bins(row, success));
        }
        coverage.setBins(organizationId, bins);
    }
}
