package dev.touchstone.demo;

import dev.touchstone.curation.EpisodePair;
import dev.touchstone.curation.EpisodePairs;
import dev.touchstone.curation.PairingReport;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.ingest.ImportFinished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * The demo's curation: the generator writes the same {@code pair_key} on a simulated episode and its real twin, and
 * its design factors into every episode's metadata, so once an import into the demo dataset finishes, the demo project
 * manager declares the factors ({@link DemoFactors}) and pairs the dataset by that key (as anyone could on the pages),
 * so that the coverage page, the pairs page and the paired player have something to show.
 */
@Component
class DemoPairs {

    private static final Logger log = LoggerFactory.getLogger(DemoPairs.class);

    private final DemoData demo;
    private final EpisodePairs pairs;
    private final DatasetService datasets;
    private final DemoManager manager;
    private final DemoFactors factors;

    DemoPairs(DemoData demo, EpisodePairs pairs, DatasetService datasets, DemoManager manager, DemoFactors factors) {
        this.factors = factors;
        this.demo = demo;
        this.pairs = pairs;
        this.datasets = datasets;
        this.manager = manager;
    }

    @EventListener
    void importFinished(ImportFinished finished) {
        if (!demo.enabled() || finished.episodesDone() == 0) {
            return;
        }
        manager.run(() -> {
            if (datasets.dataset(finished.datasetId()).filter(d -> d.name().equals(DemoProject.DATASET)).isEmpty()) {
                return;
            }
            try {
                factors.declare(finished.datasetId());
            } catch (RuntimeException e) {
                log.warn("Demo mode: the demo dataset's factors could not be declared; the rest of the demo works"
                        + " without them", e);
            }
            try {
                pair(finished.datasetId());
            } catch (RuntimeException e) {
                log.warn("Demo mode: the demo's sim/real pairs could not be made; the rest of the demo works without"
                        + " them", e);
            }
        });
    }

    /** Pairs the dataset's episodes by their {@code pair_key}, sim first; the caller is signed in as a manager. */
    PairingReport pair(UUID datasetId) {
        PairingReport report = pairs.pairByKey(datasetId, EpisodePairs.PAIR_KEY, EpisodePair.SIM_REAL);
        if (!report.created().isEmpty() || !report.issues().isEmpty()) {
            log.info("Demo mode: {} sim/real pairs made by pair_key ({} keys left unpaired)", report.created().size(),
                    report.issues().size());
        }
        return report;
    }
}
