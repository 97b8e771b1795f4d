package dev.touchstone.common;

import java.util.List;

/**
 * Input that was read fine but breaks rules, with every broken rule a client can show; the API answers it with 422
 * and the rules as the problem's {@code problems} member ({@link ApiProblem}). Nothing of the request was applied.
 */
public class InvalidInputException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidInputException(List<String> problems) {
        super(problems.size() == 1 ? problems.getFirst() : problems.size() + " problems: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
