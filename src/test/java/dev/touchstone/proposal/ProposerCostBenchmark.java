package dev.touchstone.proposal;

final class ProposerCostBenchmark {
    public static void main(String[] args) {
        throw new UnsupportedOperationException("not yet");
    }
}
