package dev.touchstone.ingest.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;

import java.util.function.Consumer;

/**
 * Admins' imports from a server path or a storage prefix. Each row has its own {@link Binder}: an empty path or
 * prefix is marked on its field and nothing is queued. Whether the path lies below an import root, or the prefix
 * inside the organization's area, only the service knows; its refusal reaches the user as before, through the
 * page's notification.
 */
class ServerImportForm extends Details {

    /** What a field edits. */
    static final class Source {
        String value = "";
    }

    final TextField path = new TextField("Server path");
    final Button fromPath = new Button("Import path");
    final TextField prefix = new TextField("Storage prefix (below this organization's incoming/)");
    final Button fromPrefix = new Button("Import prefix");

    /**
     * @param importPath   called with a non-blank path
     * @param importPrefix called with a non-blank prefix
     */
    ServerImportForm(Consumer<String> importPath, Consumer<String> importPrefix) {
        super("Import from the server or from storage (admins)");
        setId("admin-import-sources");
        path.setId("import-server-path");
        path.setPlaceholder("/srv/recordings/2026-11-24");
        path.setWidth("28em");
        fromPath.setId("import-server-path-start");
        prefix.setId("import-storage-prefix");
        prefix.setPlaceholder("robot-7/2026-11-24/");
        prefix.setWidth("28em");
        fromPrefix.setId("import-storage-prefix-start");
        add(new VerticalLayout(row(path, fromPath, "Enter an absolute path on the server", importPath),
                row(prefix, fromPrefix, "Enter a prefix below incoming/, e.g. robot-7/2026-11-24/", importPrefix)));
    }

    private static HorizontalLayout row(TextField field, Button start, String required, Consumer<String> action) {
        Binder<Source> binder = new Binder<>();
        Source source = new Source();
        binder.forField(field).asRequired(required)
                .withValidator(v -> !v.isBlank(), required)
                .bind(s -> s.value, (s, v) -> s.value = v);
        binder.readBean(source);
        start.setDisableOnClick(true);
        start.addClickListener(click -> {
            start.setEnabled(true);
            if (binder.writeBeanIfValid(source)) {
                action.accept(source.value.trim());
            }
        });
        HorizontalLayout row = new HorizontalLayout(field, start);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        return row;
    }
}
