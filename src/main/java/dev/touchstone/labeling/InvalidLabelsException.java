package dev.touchstone.labeling;

import dev.touchstone.common.InvalidInputException;

import java.util.List;

/** Labels that break the schema's or the episode's rules; nothing of the request was applied. */
public class InvalidLabelsException extends InvalidInputException {

    public InvalidLabelsException(List<String> problems) {
        super(problems);
    }
}
