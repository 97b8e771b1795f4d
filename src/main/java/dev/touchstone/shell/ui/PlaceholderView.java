package dev.touchstone.shell.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;

/**
 * A role's page for a feature that a later issue builds. It says so plainly instead of pretending: the badge and
 * the text name what is missing and which issue brings it.
 */
abstract class PlaceholderView extends Div {

    PlaceholderView(String heading, String purpose, String comingWith) {
        addClassName("placeholder-view");
        setId("placeholder-" + getClass().getSimpleName().replace("View", "").toLowerCase());
        Span badge = new Span("Not built yet");
        badge.getElement().getThemeList().add("badge contrast");
        badge.addClassName("placeholder-badge");
        add(new H2(heading), new Paragraph(purpose), badge, new Paragraph(comingWith));
    }
}
