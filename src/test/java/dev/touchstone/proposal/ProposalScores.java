package dev.touchstone.proposal;

import dev.touchstone.quality.engine.EventAgreement;
import dev.touchstone.quality.engine.PhaseAgreement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Proposals of one episode scored against its generator ground truth with the agreement engine
 * (quality.engine): the same measures annotators get.
 * <ul>
 *   <li>Phases: frame-wise labels at 100 frames per second (10 ms frames), the ground truth as reference;
 *   {@link PhaseAgreement#pair} gives F1@{10,25,50} (MS-TCN segmental F1) and the boundary error.</li>
 *   <li>Boundary errors one by one: for each ground-truth boundary between phase i and i + 1, |proposed start of
 *   phase i + 1 − true start| in ms, when the proposal has that phase; a missing phase counts as a missing boundary
 *   (reported apart, not as an error).</li>
 *   <li>Contacts: for each class (contact-on, contact-off), optimal one-to-one matching of proposed against true
 *   times within the tolerance ({@link EventAgreement#match}); counts are kept so F1 can be summed over episodes
 *   (micro average: 2 Σ matched / (Σ true + Σ proposed)).</li>
 * </ul>
 */
record ProposalScores(double f1At50, double boundaryErrorMs, List<Double> boundaryErrorsMs, int missingBoundaries,
                      int trueEvents, int proposedEvents, int matchedEvents, List<Double> eventOffsetsMs) {

    static final double FPS = 100;
    /** Generator event labels to the starter schema's contact classes. */
    static final Map<String, String> CONTACT_CLASSES = Map.of("contact_on", "contact-on", "contact_off", "contact-off");

    static ProposalScores score(GeneratedEpisode episode, List<Proposal> proposals, double toleranceS) {
        int frames = (int) Math.round(episode.durationNanos / 1e9 * FPS);
        List<PhaseAgreement.Segment> truth = new ArrayList<>();
        for (GeneratedEpisode.Phase p : episode.phases) {
            add(truth, p.label(), p.startNanos(), p.endNanos(), frames);
        }
        List<PhaseAgreement.Segment> proposed = new ArrayList<>();
        for (Proposal p : proposals) {
            if (p.type() == ProposalType.PHASE) {
                add(proposed, p.classKey(), p.startNanos(), p.endNanos(), frames);
            }
        }
        PhaseAgreement.Pair pair = PhaseAgreement.pair("truth", PhaseAgreement.frameLabels(frames, truth, "truth"),
                "proposals", PhaseAgreement.frameLabels(frames, proposed, "proposals"), FPS);
        List<Double> errors = new ArrayList<>();
        int missing = 0;
        for (int i = 1; i < episode.phases.size(); i++) {
            GeneratedEpisode.Phase phase = episode.phases.get(i);
            Proposal match = proposals.stream().filter(p -> p.type() == ProposalType.PHASE
                    && p.classKey().equals(phase.label())).findFirst().orElse(null);
            if (match == null) {
                missing++;
            } else {
                errors.add(Math.abs(match.startNanos() - phase.startNanos()) / 1e6);
            }
        }
        int trueEvents = 0;
        int proposedEvents = 0;
        int matched = 0;
        List<Double> offsets = new ArrayList<>();
        for (Map.Entry<String, String> entry : CONTACT_CLASSES.entrySet()) {
            double[] reference = episode.eventSeconds(entry.getKey(), null);
            double[] other = proposals.stream().filter(p -> p.type() == ProposalType.EVENT
                    && p.classKey().equals(entry.getValue())).mapToDouble(p -> p.startNanos() / 1e9).toArray();
            EventAgreement.Result r = EventAgreement.match(reference, other, toleranceS);
            trueEvents += r.referenceEvents();
            proposedEvents += r.otherEvents();
            matched += r.matched();
            r.matches().forEach(m -> offsets.add(m.offsetS() * 1000));
        }
        return new ProposalScores(pair.f1At50(), pair.boundaryErrorMs(), errors, missing, trueEvents, proposedEvents,
                matched, offsets);
    }

    private static void add(List<PhaseAgreement.Segment> into, String label, long start, long end, int frames) {
        int a = (int) Math.clamp(Math.round(start / 1e9 * FPS), 0, frames);
        int b = (int) Math.clamp(Math.round(end / 1e9 * FPS), 0, frames);
        if (b > a) {
            into.add(new PhaseAgreement.Segment(label, a, b));
        }
    }

    double contactF1() {
        return trueEvents + proposedEvents == 0 ? Double.NaN : 2.0 * matchedEvents / (trueEvents + proposedEvents);
    }
}
