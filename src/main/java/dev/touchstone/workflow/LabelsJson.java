package dev.touchstone.workflow;

import dev.touchstone.labeling.Label;
import dev.touchstone.quality.DefinitionAgreement;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/** Labels and agreement as the task table stores them (jsonb). */
@Component
class LabelsJson {

    private static final TypeReference<List<Label>> LABELS = new TypeReference<>() { };
    private static final TypeReference<Map<String, DefinitionAgreement>> AGREEMENT = new TypeReference<>() { };

    private final JsonMapper json;

    LabelsJson(JsonMapper json) {
        this.json = json;
    }

    String write(Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }

    /** Labels with their {@code kind}: a plain write of a list would drop the type id the reader needs. */
    String writeLabels(List<Label> labels) {
        return json.writerFor(LABELS).writeValueAsString(labels);
    }

    List<Label> labels(String text) {
        return text == null ? List.of() : json.readValue(text, LABELS);
    }

    Map<String, DefinitionAgreement> agreement(String text) {
        return text == null ? Map.of() : json.readValue(text, AGREEMENT);
    }

    <T> T read(String text, TypeReference<T> type) {
        return json.readValue(text, type);
    }
}
