package dev.touchstone.shell.api;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses JSON text that cannot be stored as it was sent: NUL (PostgreSQL's text and jsonb cannot hold it; the
 * insert failed deep in a save) and UTF-16 surrogates without their other half (a JSON escape such as
 * {@code "\ud800"}; the database's UTF-8 has no encoding for them, and they were stored as "?"). The refusal is a
 * read error of the request body at the field's JSON path, so the API answers 400 naming the field
 * ({@code ops[0].label.track}). Spring Boot adds this module to the application's JSON mapper, which reads every API
 * body.
 */
@Component
class ValidTextModule extends SimpleModule {

    ValidTextModule() {
        super("touchstone-valid-text");
        addDeserializer(String.class, new ValidStringDeserializer());
    }

    /** Why {@code text} cannot be stored, or null when it can. */
    static String invalid(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "the text holds a NUL character (\\u0000) at position " + i + ", which cannot be stored";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "the text holds a lone UTF-16 surrogate (\\u" + Integer.toHexString(c) + ") at position " + i
                        + ", which is not a character; send both halves of the pair";
            }
        }
        return null;
    }

    private static final class ValidStringDeserializer extends StdScalarDeserializer<String> {

        ValidStringDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            String problem = text == null ? null : invalid(text);
            if (problem != null) {
                return context.reportInputMismatch(this, problem);
            }
            return text;
        }
    }
}
