package dev.touchstone.apitoken.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import dev.touchstone.apitoken.ApiTokenScope;
import dev.touchstone.apitoken.ApiTokenService;
import dev.touchstone.apitoken.CreatedApiToken;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The "New API token" dialog: a name, an expiry in days and the scopes ({@code releases:read} ticked; only the scopes
 * the member's roles can use are offered, {@link ApiTokenScope#availableTo}). A
 * {@link Binder} checks name and expiry as
 * {@link ApiTokenService#create} does, with its messages, on the fields; what the service still refuses shows in
 * {@code token-error}.
 */
class ApiTokenCreateDialog extends Dialog {

    /** What the fields edit. */
    static final class Draft {
        String name = "";
        Integer days = ApiTokenService.DEFAULT_DAYS;
        Set<ApiTokenScope> scopes = EnumSet.of(ApiTokenScope.RELEASES_READ);
    }

    final TextField name = new TextField("Name");
    final IntegerField days = new IntegerField("Expires after (days)");
    final CheckboxGroup<ApiTokenScope> scopes = new CheckboxGroup<>("Scopes");
    final Span error = new Span();
    final Button create = new Button("Create");

    private final Binder<Draft> binder = new Binder<>();
    private final Draft draft = new Draft();
    private final ApiTokenService tokens;
    private final Consumer<CreatedApiToken> created;

    /**
     * @param scopeChoices the scopes the member may give a token
     * @param created      called with the new token after the dialog closed (the page shows its secret once)
     */
    ApiTokenCreateDialog(ApiTokenService tokens, Set<ApiTokenScope> scopeChoices, Consumer<CreatedApiToken> created) {
        this.tokens = tokens;
        this.created = created;
        setId("new-token-dialog");
        setHeaderTitle("New API token");
        name.setId("token-name");
        name.setPlaceholder("e.g. nightly download");
        name.setMaxLength(ApiTokenService.MAX_NAME);
        name.setWidthFull();
        days.setId("token-days");
        days.setMin(ApiTokenService.MIN_DAYS);
        days.setMax(ApiTokenService.MAX_DAYS);
        days.setStepButtonsVisible(true);
        days.setHelperText(ApiTokenService.MIN_DAYS + " to " + ApiTokenService.MAX_DAYS + " days");
        // The field's own min/max check would answer first, with an empty message.
        binder.setDefaultValidatorsEnabled(false);
        binder.forField(name).asRequired("Give the token a name, e.g. where it is used.")
                .withValidator(v -> !v.isBlank(), "Give the token a name, e.g. where it is used.")
                .withValidator(v -> v.strip().length() <= ApiTokenService.MAX_NAME,
                        "A token name is at most " + ApiTokenService.MAX_NAME + " characters.")
                .bind(d -> d.name, (d, v) -> d.name = v);
        binder.forField(days).asRequired("Say after how many days the token expires.")
                .withValidator(v -> v >= ApiTokenService.MIN_DAYS && v <= ApiTokenService.MAX_DAYS,
                        "A token expires after " + ApiTokenService.MIN_DAYS + " to " + ApiTokenService.MAX_DAYS
                                + " days.")
                .bind(d -> d.days, (d, v) -> d.days = v);
        scopes.setId("token-scopes");
        scopes.setItems(scopeChoices);
        scopes.setItemLabelGenerator(scope -> scope.key() + " (" + scope.description() + ")");
        binder.forField(scopes).asRequired("Choose at least one scope: what the token may do.")
                .withValidator(v -> !v.isEmpty(), "Choose at least one scope: what the token may do.")
                .bind(d -> d.scopes, (d, v) -> d.scopes = EnumSet.copyOf(v));
        // releases:read where the member may have it; an annotator starts from the labeling loop's scope.
        // The annotator's choices (read, labels:write) are what the labeling loop needs together: both ticked.
        draft.scopes = scopeChoices.contains(ApiTokenScope.RELEASES_READ) ? EnumSet.of(ApiTokenScope.RELEASES_READ)
                : Set.copyOf(scopeChoices);
        binder.readBean(draft);

        error.setId("token-error");
        error.addClassName("form-error");
        create.setId("token-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(click -> create());
        add(new VerticalLayout(name, days, scopes, error));
        Button cancel = new Button("Cancel", click -> close());
        cancel.setId("token-cancel");
        getFooter().add(cancel, create);
        addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                name.focus();
            }
        });
    }

    /** Creates only from a valid form: otherwise the binder has marked the fields and nothing is sent. */
    private void create() {
        error.setText("");
        if (!binder.writeBeanIfValid(draft)) {
            return;
        }
        CreatedApiToken token;
        try {
            token = tokens.create(draft.name, draft.days, draft.scopes);
        } catch (IllegalArgumentException e) {
            error.setText(e.getMessage());
            return;
        }
        close();
        created.accept(token);
    }
}
