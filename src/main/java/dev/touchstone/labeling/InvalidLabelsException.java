package dev.touchstone.labeling;

import java.util.List;

/** Labels that break the schema's or the episode's rules; nothing of the request was applied. */
public class InvalidLabelsException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidLabelsException(List<String> problems) {
        super(problems.size() == 1 ? problems.getFirst() : problems.size() + " problems: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
