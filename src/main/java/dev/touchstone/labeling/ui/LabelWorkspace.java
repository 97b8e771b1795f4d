package dev.touchstone.labeling.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasComponents;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;

/**
 * The labeling workspace ({@code ts-label-workspace}) around a player: it owns the draft's labels in the browser
 * (editing, undo, validation) and saves and submits them itself over {@code /api/v1/drafts} (docs/labeling/api.md),
 * so that autosave keeps working when the Vaadin session is busy or gone. The server hands over the schema and the
 * draft once, as JSON, with the CSRF header the API needs.
 */
@Tag("ts-label-workspace")
@JsModule("./labeling/ts-label-workspace.ts")
class LabelWorkspace extends Component implements HasComponents, HasSize {

    LabelWorkspace(String schemaJson, String draftJson, String draftUrl, String csrfHeader, String csrfToken) {
        setId("workspace");
        getElement().setProperty("schemaJson", schemaJson);
        getElement().setProperty("draftJson", draftJson);
        getElement().setProperty("draftUrl", draftUrl);
        getElement().setProperty("csrfHeader", csrfHeader);
        getElement().setProperty("csrfToken", csrfToken);
    }
}
