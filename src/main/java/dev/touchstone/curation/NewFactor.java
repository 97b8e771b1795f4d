package dev.touchstone.curation;

import java.util.List;
import java.util.UUID;

/**
 * A factor declaration as a member or the API writes it (docs/curation.md, "Factors"); {@link FactorService#declare}
 * checks it. Categorical factors give {@code categories} (and may be {@code open}), numeric ones {@code edges}.
 */
public record NewFactor(String key, String name, FactorKind kind, List<String> categories, Boolean open,
                        List<Double> edges, FactorSource source, String sourceKey, UUID projectId,
                        List<String> successValues) {

    public NewFactor {
        open = Boolean.TRUE.equals(open);
        categories = categories == null ? List.of() : List.copyOf(categories);
        edges = edges == null ? List.of() : List.copyOf(edges);
        successValues = successValues == null ? List.of() : List.copyOf(successValues);
    }

    public static NewFactor categorical(String key, String name, List<String> categories, FactorSource source,
                                        String sourceKey) {
        return new NewFactor(key, name, FactorKind.CATEGORICAL, categories, false, List.of(), source, sourceKey,
                null, List.of());
    }

    public static NewFactor numeric(String key, String name, List<Double> edges, FactorSource source,
                                    String sourceKey) {
        return new NewFactor(key, name, FactorKind.NUMERIC, List.of(), false, edges, source, sourceKey, null,
                List.of());
    }

    public NewFactor opened() {
        return new NewFactor(key, name, kind, categories, true, edges, source, sourceKey, projectId, successValues);
    }

    public NewFactor withSuccess(List<String> values) {
        return new NewFactor(key, name, kind, categories, open, edges, source, sourceKey, projectId, values);
    }

    public NewFactor fromLabel(UUID project, String definition) {
        return new NewFactor(key, name, kind, categories, open, edges, FactorSource.LABEL, definition, project,
                successValues);
    }
}
