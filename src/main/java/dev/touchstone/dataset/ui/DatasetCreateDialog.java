package dev.touchstone.dataset.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;

import java.util.function.Consumer;

/**
 * The "New dataset" dialog. A {@link Binder} checks the name as {@link DatasetService#create} does; a name the
 * service still refuses (one already used) is marked on the name field with the service's message.
 */
class DatasetCreateDialog extends Dialog {

    /** What the fields edit. */
    static final class Draft {
        String name = "";
        String description = "";
    }

    final TextField name = new TextField("Name");
    final TextArea description = new TextArea("Description");
    final Button create = new Button("Create");

    private final Binder<Draft> binder = new Binder<>();
    private final Draft draft = new Draft();
    private final DatasetService datasets;
    private final Consumer<Dataset> created;

    /** @param created called with the new dataset after the dialog closed (the list opens its page) */
    DatasetCreateDialog(DatasetService datasets, Consumer<Dataset> created) {
        this.datasets = datasets;
        this.created = created;
        setHeaderTitle("New dataset");
        setWidth("28em");
        name.setId("dataset-name");
        name.setMaxLength(DatasetService.MAX_NAME_LENGTH);
        name.setWidthFull();
        description.setId("dataset-description");
        description.setWidthFull();
        binder.forField(name).asRequired("Enter a name")
                .withValidator(v -> !v.isBlank() && v.trim().length() <= DatasetService.MAX_NAME_LENGTH,
                        "A dataset needs a name of 1-" + DatasetService.MAX_NAME_LENGTH + " characters")
                .bind(d -> d.name, (d, v) -> d.name = v);
        binder.forField(description).bind(d -> d.description, (d, v) -> d.description = v);
        binder.readBean(draft);

        create.setId("create-dataset");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setDisableOnClick(true);
        create.addClickListener(click -> create());
        add(new VerticalLayout(name, description));
        getFooter().add(new Button("Cancel", c -> close()), create);
        addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                name.focus();
            }
        });
    }

    /** Creates only from a valid form: otherwise the binder has marked the name and nothing is sent. */
    private void create() {
        create.setEnabled(true);
        if (!binder.writeBeanIfValid(draft)) {
            return;
        }
        Dataset dataset;
        try {
            dataset = datasets.create(draft.name, draft.description);
        } catch (IllegalArgumentException e) {
            // Only the service knows the names in use; the binder's own status would clear this on the next edit.
            name.setInvalid(true);
            name.setErrorMessage(e.getMessage());
            return;
        }
        close();
        created.accept(dataset);
    }
}
