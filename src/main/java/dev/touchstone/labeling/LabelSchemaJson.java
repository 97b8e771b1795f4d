package dev.touchstone.labeling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.exc.PropertyBindingException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JSON exchange format of label schemas ({@code docs/labeling/schema.md}): what project managers import and
 * export, and what the starter schema is written in. Reading is strict: an unknown field (a misspelt {@code
 * requird}) is an error rather than silently ignored, and the schema's rules are checked before it is returned.
 */
public final class LabelSchemaJson {

    public static final String FORMAT = "touchstone-label-schema/1";
    public static final int MAX_BYTES = 1_000_000;

    @JsonPropertyOrder({"format", "name", "description", "definitions"})
    record Document(String format, String name, String description, List<LabelSchema.Definition> definitions) {
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // A missing "required" or "multiple" means false; Jackson 3 would otherwise reject the absent primitive.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_EMPTY))
            .build();

    private LabelSchemaJson() {
    }

    /** @throws InvalidLabelSchemaException for malformed JSON, another format, or a schema that breaks a rule */
    public static LabelSchema read(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidLabelSchemaException(List.of("The file is empty"));
        }
        if (text.length() > MAX_BYTES) {
            throw new InvalidLabelSchemaException(List.of("A label schema file is at most 1 MB"));
        }
        Document document;
        try {
            document = JSON.readValue(text, Document.class);
        } catch (PropertyBindingException e) {
            throw new InvalidLabelSchemaException(List.of(path(e) + ": unknown field (misspelt, or from another format)"));
        } catch (JacksonException e) {
            throw new InvalidLabelSchemaException(List.of(path(e) + ": " + e.getOriginalMessage()
                    + location(e)));
        }
        if (document == null) {
            throw new InvalidLabelSchemaException(List.of("The file holds no schema"));
        }
        if (!FORMAT.equals(document.format())) {
            throw new InvalidLabelSchemaException(List.of("format: expected \"" + FORMAT + "\", found "
                    + (document.format() == null ? "none" : "\"" + document.format() + "\"")));
        }
        LabelSchema schema = new LabelSchema(document.name(), document.description(), document.definitions());
        List<String> problems = schema.problems();
        if (!problems.isEmpty()) {
            throw new InvalidLabelSchemaException(problems);
        }
        return schema;
    }

    public static LabelSchema read(InputStream in) {
        try {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            return read(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String write(LabelSchema schema) {
        return JSON.writeValueAsString(new Document(FORMAT, schema.name(), schema.description(), schema.definitions()));
    }

    /** The humanoid-manipulation schema that comes with the demo (phases, contact events, outcome, verdict, text). */
    public static LabelSchema humanoidStarter() {
        return resource("/labeling/humanoid-manipulation.json");
    }

    /** The demo's schema for reviewing real episodes against their simulated twins: a gap definition and a rating. */
    public static LabelSchema simToRealGaps() {
        return resource("/labeling/sim-to-real-gaps.json");
    }

    private static LabelSchema resource(String path) {
        try (InputStream in = LabelSchemaJson.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("The schema " + path + " is missing from the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            } else if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            }
        }
        return path.isEmpty() ? "schema" : path.toString();
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
