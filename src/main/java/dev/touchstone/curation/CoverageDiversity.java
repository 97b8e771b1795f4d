package dev.touchstone.curation;

import java.util.List;

/**
 * Diversity figures (docs/curation.md, "Diversity"): per factor of the grid, and for the grid's combinations.
 *
 * @param gridCoverage the grid's non-empty cells / all its cells
 * @param most         the up to three cells with the most episodes
 * @param least        the up to three cells with the fewest episodes (empty cells included)
 */
public record CoverageDiversity(List<PerFactor> factors, double gridCoverage, int cells, int nonEmptyCells,
                                List<CoverageCell> most, List<CoverageCell> least) {

    public CoverageDiversity {
        factors = List.copyOf(factors);
        most = List.copyOf(most);
        least = List.copyOf(least);
    }

    /**
     * @param counts          episodes per bin, in the factor's order
     * @param withValue       episodes with a value of the factor (the entropy's n)
     * @param entropyBits     Shannon entropy of the bin shares, base 2: −Σ p·log₂ p over non-empty bins
     * @param normalisedEntropy entropy / log₂(bins): 1 is an even spread; null with fewer than two bins or no values
     * @param coverageRatio   non-empty bins / bins
     */
    public record PerFactor(String key, String name, List<String> bins, List<Integer> counts, int withValue,
                            double entropyBits, Double normalisedEntropy, double coverageRatio) {
        public PerFactor {
            bins = List.copyOf(bins);
            counts = List.copyOf(counts);
        }
    }
}
