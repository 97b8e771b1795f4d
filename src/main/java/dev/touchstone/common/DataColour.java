package dev.touchstone.common;

import com.vaadin.flow.component.HasStyle;

import java.util.regex.Pattern;

/**
 * A colour that comes from data, not from the theme (a label class's colour in a schema): it cannot live in
 * styles.css, so it goes onto the element as the custom property {@code --data-colour}, which a class in
 * styles.css reads. This is the one way a view puts inline CSS on an element (StyleRulesTest); only a hex colour
 * passes, so no text from data ever becomes CSS.
 */
public final class DataColour {

    public static final String PROPERTY = "--data-colour";
    private static final Pattern HEX = Pattern.compile("#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})");

    private DataColour() {
    }

    /** Sets {@code --data-colour} to a hex colour such as #1f77b4; null or anything else leaves it unset. */
    public static void set(HasStyle component, String colour) {
        if (colour != null && HEX.matcher(colour).matches()) {
            component.getStyle().set(PROPERTY, colour);
        }
    }
}
