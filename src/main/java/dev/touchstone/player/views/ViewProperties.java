package dev.touchstone.player.views;

import java.util.Map;

/** Reads numbers from stream properties, which come back from the database as whatever JSON number type fits. */
final class ViewProperties {

    private ViewProperties() {
    }

    static Number number(Map<String, Object> properties, String key, Number fallback) {
        Object value = properties.get(key);
        if (value instanceof Number n) {
            return n;
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
        }
        return fallback;
    }
}
