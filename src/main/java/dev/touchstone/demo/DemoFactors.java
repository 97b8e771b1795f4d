package dev.touchstone.demo;

import dev.touchstone.curation.FactorService;
import dev.touchstone.curation.FactorSource;
import dev.touchstone.curation.NewFactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;

/**
 * The demo dataset's design factors: the generator writes object, lighting, surface, operator, the object's start
 * position and the sim/real variant into every episode's metadata (docs/generator.md, "Factors"), so once an import
 * into the demo dataset finishes, the demo project manager declares them ({@link DemoPairs} calls this, as anyone
 * could over the API), and the coverage page opens with a grid instead of an empty form. Later imports fill their
 * values by themselves.
 */
@Component
class DemoFactors {

    private static final Logger log = LoggerFactory.getLogger(DemoFactors.class);

    /** The generator's ranges (docs/generator.md): x 0.55-0.65 m and y 0.12-0.22 m, in two bins each. */
    static final List<NewFactor> FACTORS = List.of(
            NewFactor.categorical("object", "Object", List.of("cube", "mug", "bottle"), FactorSource.METADATA,
                    "object"),
            NewFactor.categorical("lighting", "Lighting", List.of("bright", "dim", "backlit"), FactorSource.METADATA,
                    "lighting"),
            NewFactor.categorical("surface", "Surface", List.of("wood", "cloth", "steel"), FactorSource.METADATA,
                    "surface"),
            NewFactor.categorical("operator", "Operator", List.of("op-1", "op-2", "op-3", "op-4"),
                    FactorSource.METADATA, "operator").opened(),
            NewFactor.numeric("object_x", "Object x (m)", List.of(0.55, 0.60, 0.65), FactorSource.METADATA,
                    "object_x"),
            NewFactor.numeric("object_y", "Object y (m)", List.of(0.12, 0.17, 0.22), FactorSource.METADATA,
                    "object_y"),
            NewFactor.categorical("variant", "Sim or real", List.of("sim", "real"), FactorSource.METADATA,
                    "variant"));

    private final FactorService factors;

    DemoFactors(FactorService factors) {
        this.factors = factors;
    }

    /** Declares the factors the dataset does not have yet; the caller is signed in as a manager. */
    int declare(UUID datasetId) {
        var declared = factors.factors(datasetId).stream().map(f -> f.key()).toList();
        int added = 0;
        for (NewFactor factor : FACTORS) {
            if (!declared.contains(factor.key())) {
                factors.declare(datasetId, factor);
                added++;
            }
        }
        if (added > 0) {
            log.info("Demo mode: {} design factors declared on the demo dataset", added);
        }
        return added;
    }
}
