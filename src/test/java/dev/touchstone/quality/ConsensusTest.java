package dev.touchstone.quality;

import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelRules;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static dev.touchstone.quality.QualityFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ConsensusTest {

    private static ConsensusResult merge(AnnotatorLabels... submissions) {
        ConsensusResult result = Consensus.merge(SCHEMA, DURATION, FRAME, List.of(submissions));
        assertThat(LabelRules.problems(SCHEMA, DURATION, result.labels())).isEmpty();
        return result;
    }

    private static <T extends Label> List<T> of(ConsensusResult result, Class<T> kind, String definition) {
        return result.labels().stream().filter(kind::isInstance).map(kind::cast)
                .filter(l -> l.definition().equals(definition)).toList();
    }

    private static Label.Value value(ConsensusResult result, String definition) {
        List<Label.Value> values = of(result, Label.Value.class, definition);
        assertThat(values).hasSize(1);
        return values.getFirst();
    }

    // ---- category ----

    @Test
    void categoryMajorityWinsAndAgreementIsPairwisePercentAgreement() {
        ConsensusResult r = merge(by(A, category("outcome", "fail")), by(B, category("outcome", "fail")),
                by(C, category("outcome", "success")));
        assertThat(value(r, "outcome").classes()).containsExactly("fail");
        DefinitionAgreement a = r.agreement().get("outcome");
        assertThat(a.agreement()).isCloseTo(1.0 / 3, within(1e-12)); // pairs AB agree, AC and BC do not
        assertThat(a.measure()).contains("exact class match");
    }

    @Test
    void categoryOneOneOneTieGoesToTheEarliestClassOfTheSchema() {
        ConsensusResult r = merge(by(A, category("outcome", "slip")), by(B, category("outcome", "fail")),
                by(C, category("outcome", "success")));
        assertThat(value(r, "outcome").classes()).containsExactly("success");
        assertThat(r.notes()).anyMatch(n -> n.contains("tie") && n.contains("'success'"));
        assertThat(r.agreement().get("outcome").agreement()).isZero();
    }

    @Test
    void categoryTwoTwoTieGoesToTheEarliestClassNotTheFirstVote() {
        ConsensusResult r = merge(by(A, category("outcome", "slip")), by(B, category("outcome", "slip")),
                by(C, category("outcome", "fail")), by(D, category("outcome", "fail")));
        assertThat(value(r, "outcome").classes()).containsExactly("fail");
    }

    @Test
    void multiClassCategoryKeepsEachClassAtLeastHalfChoseAndAgreementIsMeanJaccard() {
        ConsensusResult r = merge(by(A, category("objects", "bottle", "cup")), by(B, category("objects", "bottle")),
                by(C, category("objects", "cup", "box")));
        assertThat(value(r, "objects").classes()).containsExactly("bottle", "cup");
        // Jaccard AB 1/2, AC 1/3, BC 0
        assertThat(r.agreement().get("objects").agreement()).isCloseTo((0.5 + 1.0 / 3) / 3, within(1e-12));
    }

    @Test
    void multiClassCategoryWithNoClassAtHalfKeepsTheMostChosen() {
        ConsensusResult r = merge(by(A, category("objects", "box")), by(B, category("objects", "cup")),
                by(C, category("objects", "box", "cup")), by(D, category("objects", "bottle")));
        // box 2/4 and cup 2/4 are at half: kept; bottle 1/4 is not
        assertThat(value(r, "objects").classes()).containsExactly("cup", "box");
        ConsensusResult none = merge(by(A, category("objects", "box")), by(B, category("objects", "cup")),
                by(C, category("objects", "bottle")));
        assertThat(value(none, "objects").classes()).containsExactly("bottle");
    }

    // ---- verdict ----

    @Test
    void verdictMajorityAcceptHasNoReasons() {
        ConsensusResult r = merge(by(A, accept()), by(B, accept()), by(C, reject("noisy")));
        assertThat(value(r, "verdict").accept()).isTrue();
        assertThat(value(r, "verdict").classes()).isEmpty();
        assertThat(r.agreement().get("verdict").agreement()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void verdictTwoTwoTieRejectsWithTheReasonsHalfTheRejectersGave() {
        ConsensusResult r = merge(by(A, accept()), by(B, accept()), by(C, reject("noisy")),
                by(D, reject("noisy", "slow")));
        Label.Value v = value(r, "verdict");
        assertThat(v.accept()).isFalse();
        assertThat(v.classes()).containsExactly("noisy", "slow");
        assertThat(r.notes()).anyMatch(n -> n.contains("reject wins"));
    }

    // ---- rating ----

    @Test
    void ratingModeWins() {
        ConsensusResult r = merge(by(A, rating(4)), by(B, rating(4)), by(C, rating(1)));
        assertThat(value(r, "quality").number()).isEqualTo(4.0);
    }

    @Test
    void ratingTiesGoToTheLowerMedianOfAllVotes() {
        ConsensusResult oneOneOne = merge(by(A, rating(5)), by(B, rating(1)), by(C, rating(3)));
        assertThat(value(oneOneOne, "quality").number()).isEqualTo(3.0);
        ConsensusResult twoTwo = merge(by(A, rating(4)), by(B, rating(2)), by(C, rating(4)), by(D, rating(2)));
        assertThat(value(twoTwo, "quality").number()).isEqualTo(2.0);
        assertThat(twoTwo.notes()).anyMatch(n -> n.contains("lower median"));
    }

    // ---- number ----

    @Test
    void numberIsTheMedianAndTheMeanOfTheMiddleTwoForAnEvenCount() {
        ConsensusResult odd = merge(by(A, mass(100)), by(B, mass(104)), by(C, mass(120)));
        assertThat(value(odd, "mass").number()).isEqualTo(104.0);
        // within 5%: only 100 and 104
        assertThat(odd.agreement().get("mass").agreement()).isCloseTo(1.0 / 3, within(1e-12));
        ConsensusResult even = merge(by(A, mass(1)), by(B, mass(10)), by(C, mass(2)), by(D, mass(3)));
        assertThat(value(even, "mass").number()).isEqualTo(2.5);
    }

    @Test
    void abstentionsDoNotVoteButAreNoted() {
        ConsensusResult r = merge(by(A, mass(7)), by(B), by(C));
        assertThat(value(r, "mass").number()).isEqualTo(7.0);
        assertThat(r.notes()).anyMatch(n -> n.contains("2 of 3 annotators gave no value"));
        // pairs with one side empty disagree; the pair of two abstainers agrees on nothing
        assertThat(r.agreement().get("mass").agreement()).isCloseTo(1.0 / 3, within(1e-12));
    }

    // ---- text ----

    @Test
    void identicalNormalisedTextIsKept() {
        ConsensusResult r = merge(by(A, text("right hand  grasps the bottle")),
                by(B, text(" right hand grasps the bottle")), by(C, text("right hand grasps the bottle\n")));
        assertThat(value(r, "desc").text()).isEqualTo("right hand grasps the bottle");
        assertThat(r.agreement().get("desc").agreement()).isEqualTo(1.0);
    }

    @Test
    void differingTextIsLeftToAReviewer() {
        ConsensusResult r = merge(by(A, text("abcd")), by(B, text("abcd")), by(C, text("abce")));
        assertThat(of(r, Label.Value.class, "desc")).isEmpty();
        assertThat(r.notes()).anyMatch(n -> n.contains("chosen by a reviewer"));
        // similarities AB 1, AC 0.75, BC 0.75
        assertThat(r.agreement().get("desc").agreement()).isCloseTo(2.5 / 3, within(1e-12));
        // two of three with the same text is not enough either
        ConsensusResult missing = merge(by(A, text("abcd")), by(B, text("abcd")), by(C));
        assertThat(of(missing, Label.Value.class, "desc")).isEmpty();
    }

    // ---- phases ----

    @Test
    void phasesAreVotedPerFrameAndResegmented() {
        Label.Phase aGrasp = phase("grasp", S, 2 * S);
        Label.Phase bGrasp = phase("grasp", 1200 * MS, 2200 * MS);
        Label.Phase cGrasp = phase("grasp", 900 * MS, 1900 * MS);
        Label.Phase cLift = phase("lift", 1900 * MS, 2500 * MS);
        ConsensusResult r = merge(
                by(A, phase("reach", 0, S), aGrasp, segmentCategory(aGrasp, "power")),
                by(B, phase("reach", 0, 1200 * MS), bGrasp, segmentCategory(bGrasp, "power")),
                by(C, phase("reach", 100 * MS, 900 * MS), cGrasp, cLift, segmentCategory(cGrasp, "pinch"),
                        segmentCategory(cLift, "pinch")));
        List<Label.Phase> phases = of(r, Label.Phase.class, "phase");
        // frame 0: reach, reach, none → reach; 0.9 s: reach, reach, grasp → reach; 1.0–1.1 s: grasp, reach, grasp →
        // grasp; 2.0–2.1 s: none, grasp, lift → 1-1-1 tie, a class beats none, grasp is earlier than lift;
        // 2.2–2.4 s: none, none, lift → none
        assertThat(phases).extracting(Label.Phase::classKey, Label.Phase::start, Label.Phase::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("reach", 0L, S),
                        org.assertj.core.groups.Tuple.tuple("grasp", S, 2200 * MS));
        assertThat(r.notes()).anyMatch(n -> n.contains("2 frames tied"));
        // the grip of the grasp segment: power, power, pinch; C's lift segment has no consensus segment
        List<Label.Value> grips = of(r, Label.Value.class, "grip");
        assertThat(grips).hasSize(1);
        assertThat(grips.getFirst().segment()).isEqualTo(phases.get(1).id());
        assertThat(grips.getFirst().classes()).containsExactly("power");
        assertThat(r.notes()).anyMatch(n -> n.contains("1 segment value left out"));
        double agreement = r.agreement().get("phase").agreement();
        assertThat(agreement).isBetween(0.0, 1.0).isLessThan(1.0);
        assertThat(r.agreement().get("phase").measure()).contains("uα").contains("100 ms (10 fps)");
        assertThat(r.agreement().get("phase").phase().f1At25()).isBetween(0.0, 1.0);
    }

    @Test
    void identicalPhasesAgreeFully() {
        ConsensusResult r = merge(by(A, phase("reach", 0, S)), by(B, phase("reach", 0, S)));
        assertThat(r.agreement().get("phase").agreement()).isEqualTo(1.0);
        assertThat(of(r, Label.Phase.class, "phase")).extracting(Label.Phase::start, Label.Phase::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, S));
    }

    @Test
    void aTwoAnnotatorTieBetweenAClassAndNoneKeepsTheClass() {
        ConsensusResult r = merge(by(A, phase("lift", 0, S)), by(B, phase("lift", 500 * MS, S)));
        assertThat(of(r, Label.Phase.class, "phase")).extracting(Label.Phase::start, Label.Phase::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, S));
    }

    @Test
    void aRunShorterThanOneFrameAtTheEndIsDropped() {
        long duration = 3050 * MS; // 31 frames, the last one [3.0 s, 3.05 s) is half a frame long
        List<AnnotatorLabels> in = List.of(by(A, phase("lift", 2950 * MS, duration)),
                by(B, phase("lift", 2950 * MS, duration)));
        ConsensusResult r = Consensus.merge(SCHEMA, duration, FRAME, in);
        assertThat(of(r, Label.Phase.class, "phase")).isEmpty();
        assertThat(r.notes()).anyMatch(n -> n.contains("shorter than one frame"));
    }

    // ---- events ----

    @Test
    void eventsClusterWithinTheToleranceAndNeedAQuorum() {
        ConsensusResult r = merge(by(A, event("on", 1000 * MS), event("off", 3 * S)),
                by(B, event("on", 1050 * MS), event("on", 3 * S)),
                by(C, event("on", 1080 * MS), event("on", 2 * S)));
        List<Label.Event> events = of(r, Label.Event.class, "contact");
        // one "on" cluster of three at the median 1.05 s; the lone events (and "off" against "on" at 3 s: the class
        // must match) have no majority and are dropped
        assertThat(events).extracting(Label.Event::classKey, Label.Event::time)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("on", 1050 * MS));
        assertThat(r.notes()).anyMatch(n -> n.contains("3 event clusters without a majority"));
        // each pair matches one of its 2 + 2 events: F1 0.5
        assertThat(r.agreement().get("contact").agreement()).isCloseTo(0.5, within(1e-12));
        assertThat(r.agreement().get("contact").measure()).contains("±100 ms");
    }

    @Test
    void eventsFartherApartThanTheToleranceDoNotCluster() {
        ConsensusResult r = merge(by(A, event("on", 1000 * MS)), by(B, event("on", 1101 * MS)));
        assertThat(of(r, Label.Event.class, "contact")).isEmpty();
        ConsensusResult edge = merge(by(A, event("on", 1000 * MS)), by(B, event("on", 1100 * MS)));
        // two annotators: the median of two is the mean of the middle two
        assertThat(of(edge, Label.Event.class, "contact")).extracting(Label.Event::time)
                .containsExactly(1050 * MS);
    }

    // ---- boxes ----

    @Test
    void boxesClusterByIoUAreAveragedAndALoneBoxIsDropped() {
        ConsensusResult r = merge(by(A, box("bottle", "b1", 100, 100, 50, 50, 0, S)),
                by(B, box("bottle", "b1", 102, 101, 50, 50, 0, S)),
                by(C, box("bottle", "bottle", 98, 99, 52, 50, 0, S), box("cup", "c", 300, 300, 40, 40, 500 * MS)));
        List<Label.BoxTrack> boxes = of(r, Label.BoxTrack.class, "obj");
        assertThat(boxes).hasSize(1);
        Label.BoxTrack b = boxes.getFirst();
        assertThat(b.classKey()).isEqualTo("bottle");
        assertThat(b.trackId()).isEqualTo("b1");
        assertThat(b.stream()).isEqualTo("head");
        assertThat(b.keyframes()).extracting(Label.BoxKey::time).containsExactly(0L, S);
        Label.BoxKey k = b.keyframes().getFirst();
        assertThat(k.x()).isCloseTo(100, within(1e-9));
        assertThat(k.y()).isCloseTo(100, within(1e-9));
        assertThat(k.width()).isCloseTo(152.0 / 3, within(1e-9));
        assertThat(k.height()).isCloseTo(50, within(1e-9));
        assertThat(r.notes()).anyMatch(n -> n.contains("1 track cluster without a majority"));
        // AB: F1 1 at times {0, 1 s}; AC and BC: at {0, 0.5 s, 1 s} one of 1 + 2 boxes matches: 2·3 / (3·3)
        assertThat(r.agreement().get("obj").agreement()).isCloseTo((1 + 2.0 / 3 + 2.0 / 3) / 3, within(1e-12));
    }

    @Test
    void boxesOfDifferentClassesNeverCluster() {
        ConsensusResult r = merge(by(A, box("bottle", "b", 100, 100, 50, 50, 0)),
                by(B, box("cup", "b", 100, 100, 50, 50, 0)));
        assertThat(of(r, Label.BoxTrack.class, "obj")).isEmpty();
        assertThat(r.agreement().get("obj").agreement()).isZero();
    }

    // ---- cuboids ----

    @Test
    void cuboidYawIsAveragedOnTheCircleAcrossTheSeam() {
        double pi = Math.PI;
        ConsensusResult r = merge(by(A, cuboid("c", 1, 2, pi - 0.1, 0)), by(B, cuboid("c", 1.02, 2, -pi + 0.1, 0)),
                by(C, cuboid("c", 1.01, 2, -pi + 0.15, 0)));
        List<Label.CuboidTrack> cuboids = of(r, Label.CuboidTrack.class, "pose");
        assertThat(cuboids).hasSize(1);
        Label.CuboidKey k = cuboids.getFirst().keyframes().getFirst();
        // deviations from pi: -0.1, +0.1, +0.15; the circular mean is pi + atan2(Σ sin δ, Σ cos δ) (the arithmetic
        // mean of the raw angles would be about -1.0 rad, a box turned the other way)
        double expected = -pi + Math.atan2(Math.sin(0.15), 2 * Math.cos(0.1) + Math.cos(0.15));
        assertThat(Math.IEEEremainder(k.yaw() - expected, 2 * pi)).isCloseTo(0, within(1e-12));
        assertThat(k.yaw()).isBetween(-pi, pi);
        assertThat(k.cx()).isCloseTo(1.01, within(1e-12));
        assertThat(r.agreement().get("pose").agreement()).isEqualTo(1.0);
    }

    @Test
    void aLoneCuboidIsDropped() {
        ConsensusResult r = merge(by(A, cuboid("c", 1, 2, 0, 0)), by(B), by(C, cuboid("c", 5, 5, 0, 0)));
        assertThat(of(r, Label.CuboidTrack.class, "pose")).isEmpty();
    }

    // ---- the whole result ----

    private static List<AnnotatorLabels> everything() {
        Label.Phase aGrasp = phase("grasp", S, 2 * S);
        Label.Phase bGrasp = phase("grasp", 1200 * MS, 2200 * MS);
        return List.of(
                by(A, phase("reach", 0, S), aGrasp, segmentCategory(aGrasp, "power"), event("on", S),
                        category("outcome", "fail"), category("objects", "cup"), rating(3), accept(), mass(1.5),
                        text("x"), box("bottle", "b", 10, 10, 20, 20, 0, S), cuboid("c", 0, 0, 3, 0)),
                by(B, phase("reach", 0, 1200 * MS), bGrasp, segmentCategory(bGrasp, "pinch"), event("on", 1020 * MS),
                        category("outcome", "slip"), category("objects", "cup", "box"), rating(4), reject("slow"),
                        mass(1.7), text("y"), box("bottle", "b", 11, 10, 20, 20, 0, 2 * S), cuboid("c", 0, 0, -3, 0)),
                by(C, phase("lift", 0, S), event("on", 990 * MS), category("outcome", "success"), rating(5),
                        reject("noisy"), mass(1.6), text("x"), box("bottle", "b", 10, 11, 20, 20, S),
                        cuboid("c", 0.01, 0, 3.1, 0)));
    }

    @Test
    void theSameInputGivesTheSameIdsAndAnyOrderGivesTheSameResult() {
        List<AnnotatorLabels> in = everything();
        ConsensusResult first = Consensus.merge(SCHEMA, DURATION, FRAME, in);
        ConsensusResult again = Consensus.merge(SCHEMA, DURATION, FRAME, in);
        assertThat(again).isEqualTo(first);
        assertThat(first.labels()).extracting(Label::id).doesNotHaveDuplicates();
        assertThat(LabelRules.problems(SCHEMA, DURATION, first.labels())).isEmpty();
        Random random = new Random(7);
        for (int round = 0; round < 5; round++) {
            List<AnnotatorLabels> shuffled = new ArrayList<>();
            for (AnnotatorLabels s : in) {
                List<Label> labels = new ArrayList<>(s.labels());
                Collections.shuffle(labels, random);
                shuffled.add(new AnnotatorLabels(s.annotatorId(), labels));
            }
            Collections.shuffle(shuffled, random);
            assertThat(Consensus.merge(SCHEMA, DURATION, FRAME, shuffled)).isEqualTo(first);
        }
    }

    @Test
    void idsDependOnTheTaskNotOnlyOnTheDefinition() {
        ConsensusResult one = merge(by(A, mass(1)), by(B, mass(1)));
        ConsensusResult other = merge(by(A, mass(1)), by(B, mass(1)));
        assertThat(value(one, "mass").id()).isNotEqualTo(value(other, "mass").id());
    }

    @Test
    void everyDefinitionHasAnAgreementAndNobodyLabellingIsNotLabelledRatherThanFullAgreement() {
        ConsensusResult r = merge(by(A, mass(1)), by(B, mass(1)));
        assertThat(r.agreement().keySet()).containsExactly("phase", "contact", "outcome", "objects", "quality",
                "verdict", "mass", "desc", "grip", "obj", "pose");
        DefinitionAgreement phase = r.agreement().get("phase");
        // issue 17 item 2: it used to be 1.0, "nobody labelled it: all agree on nothing"
        assertThat(phase.agreement()).isNull();
        assertThat(phase.labelled()).isFalse();
        assertThat(phase.measure()).isEqualTo("not labelled");
        assertThat(r.agreement().values()).filteredOn(DefinitionAgreement::labelled).extracting(DefinitionAgreement::definition)
                .containsExactly("mass");
        ConsensusResult single = merge(by(A, mass(1)));
        assertThat(single.agreement().get("mass").agreement()).isEqualTo(1.0);
        assertThat(single.agreement().get("mass").measure()).contains("one submission");
        assertThat(value(single, "mass").number()).isEqualTo(1.0);
    }

    @Test
    void anAgreementStoredBeforeNotLabelledExistedIsReadAsNotLabelled() {
        String stored = """
                {"definition":"phase","type":"phase","agreement":1.0,"measure":"nobody labelled it: all agree on nothing"}""";
        DefinitionAgreement old = tools.jackson.databind.json.JsonMapper.builder().build()
                .readValue(stored, DefinitionAgreement.class);
        assertThat(old.labelled()).isFalse();
        assertThat(old.agreement()).isNull();
        assertThat(old.measure()).isEqualTo("not labelled");
        assertThat(old.ties()).isEmpty();
        assertThat(old.byTieRule()).isEmpty();
        DefinitionAgreement labelled = tools.jackson.databind.json.JsonMapper.builder().build().readValue("""
                {"definition":"mass","type":"number","agreement":0.5,"measure":"x"}""", DefinitionAgreement.class);
        assertThat(labelled.agreement()).isEqualTo(0.5);
    }

    @Test
    void aTieSaysSoAndMarksTheLabelDecidedByTheTieRule() {
        ConsensusResult tie = merge(by(A, category("outcome", "slip")), by(B, category("outcome", "fail")),
                by(C, category("outcome", "success")));
        Label.Value outcome = value(tie, "outcome");
        assertThat(tie.agreement().get("outcome").ties())
                .containsExactly("tie between success, fail and slip (1 vote each); success chosen by the tie rule");
        assertThat(tie.agreement().get("outcome").byTieRule()).containsExactly(outcome.id());
        assertThat(tie.decidedBy()).containsEntry(outcome.id(), ConsensusResult.DecidedBy.TIE_RULE);

        ConsensusResult majority = merge(by(A, category("outcome", "fail")), by(B, category("outcome", "fail")),
                by(C, category("outcome", "success")));
        assertThat(majority.agreement().get("outcome").ties()).isEmpty();
        assertThat(majority.decidedBy()).containsEntry(value(majority, "outcome").id(),
                ConsensusResult.DecidedBy.VOTE);
    }

    @Test
    void aWinnerWithoutAStrictMajorityOfAllAnnotatorsIsReported() {
        // fail has 1 of 3 votes (two abstained): a plurality of one is no consensus
        ConsensusResult r = merge(by(A, category("outcome", "fail")), by(B, mass(1)), by(C, mass(1)));
        assertThat(r.agreement().get("outcome").ties()).containsExactly("no majority: fail has 1 of 3 votes");
        ConsensusResult verdict = merge(by(A, accept()), by(B, reject("slow")));
        assertThat(verdict.agreement().get("verdict").ties())
                .containsExactly("tie between accept and reject (1 vote each); reject chosen by the tie rule");
        ConsensusResult rating = merge(by(A, rating(2)), by(B, rating(4)));
        assertThat(rating.agreement().get("quality").ties())
                .containsExactly("tie between 2 and 4 (1 vote each); 2 chosen by the tie rule");
    }

    @Test
    void withTwoAnnotatorsTheirDisagreeingPhaseFramesAreDecidedByTheTieRule() {
        ConsensusResult r = merge(by(A, phase("reach", 0, 1000 * MS), phase("grasp", 1000 * MS, 2000 * MS)),
                by(B, phase("reach", 0, 1500 * MS), phase("grasp", 1500 * MS, 2000 * MS)));
        List<Label.Phase> phases = of(r, Label.Phase.class, "phase");
        // 1.0-1.5 s: reach vs grasp, 1-1: the earlier class, reach, won (B's lane)
        assertThat(phases).extracting(Label.Phase::classKey).containsExactly("reach", "grasp");
        assertThat(r.decidedBy().get(phases.get(0).id())).isEqualTo(ConsensusResult.DecidedBy.TIE_RULE);
        assertThat(r.decidedBy().get(phases.get(1).id())).isEqualTo(ConsensusResult.DecidedBy.VOTE);
    }

    @Test
    void refusesInvalidInput() {
        assertThatThrownBy(() -> Consensus.merge(SCHEMA, DURATION, FRAME, List.of(by(A, mass(1)), by(A, mass(2)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> Consensus.merge(SCHEMA, DURATION, FRAME, List.of(by(A, rating(9)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid");
        assertThatThrownBy(() -> Consensus.merge(SCHEMA, DURATION, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
