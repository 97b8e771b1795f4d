package dev.touchstone.labeling;

import java.util.List;

/** A label schema that cannot be used, with every reason (for an import dialog or an editor to list). */
public class InvalidLabelSchemaException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidLabelSchemaException(List<String> problems) {
        super(problems.size() == 1 ? problems.getFirst()
                : problems.size() + " problems: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
