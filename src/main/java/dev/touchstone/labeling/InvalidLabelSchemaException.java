package dev.touchstone.labeling;

import dev.touchstone.common.InvalidInputException;

import java.util.List;

/**
 * A label schema that cannot be used, with every reason (for an import dialog or an editor to list; the API answers
 * it 422 with them in {@code problems}).
 */
public class InvalidLabelSchemaException extends InvalidInputException {

    public InvalidLabelSchemaException(List<String> problems) {
        super(problems);
    }
}
