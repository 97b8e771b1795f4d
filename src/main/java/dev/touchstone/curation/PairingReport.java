package dev.touchstone.curation;

import java.util.List;

/**
 * What pairing a dataset by a metadata key did.
 *
 * @param created       the pairs made now
 * @param alreadyPaired key values whose two episodes were paired before (nothing made again)
 * @param issues        key values left unpaired, with the reason
 */
public record PairingReport(String metadataKey, String kind, List<EpisodePair> created, int alreadyPaired,
                            List<PairingIssue> issues) {

    public PairingReport {
        created = List.copyOf(created);
        issues = List.copyOf(issues);
    }
}
