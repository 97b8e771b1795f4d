package dev.touchstone.apitoken.ui;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextField;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.apitoken.ApiToken;
import dev.touchstone.apitoken.ApiTokenScope;
import dev.touchstone.apitoken.ApiTokenService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The "New API token" dialog without a browser, against the real ApiTokenService and the embedded database. */
@TouchstoneSpringTest
class ApiTokenCreateDialogTest extends SpringBrowserlessTest {

    @Autowired
    SignIn signIn;
    @Autowired
    ApiTokenService tokens;

    @BeforeEach
    void signInAsCustomer() {
        signIn.as("customer@acme.test");
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void aMissingNameAndAnExpiryOutOfRangeAreMarkedOnTheirFieldsAndNothingIsCreated() {
        int before = tokens.mine().size();
        ApiTokenCreateDialog dialog = openDialog();

        // What a user types past the field's max reaches the server as is; the tester would refuse it.
        dialog.days.setValue(400);
        test(dialog.create).click();

        assertThat(dialog.name.getErrorMessage()).isEqualTo("Give the token a name, e.g. where it is used.");
        assertThat(dialog.days.getErrorMessage()).isEqualTo("A token expires after 1 to 365 days.");
        assertThat(dialog.isOpened()).isTrue();
        assertThat(tokens.mine()).hasSize(before);
    }

    @Test
    void aValidTokenIsCreatedAndItsSecretShownOnce() {
        String name = "Browserless token " + UUID.randomUUID().toString().substring(0, 8);
        ApiTokenCreateDialog dialog = openDialog();
        assertThat(dialog.days.getValue()).isEqualTo(ApiTokenService.DEFAULT_DAYS);

        test(dialog.name).setValue(name);
        test(dialog.days).setValue(30);
        test(dialog.create).click();

        ApiToken created = tokens.mine().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        assertThat(Duration.between(created.createdAt(), created.expiresAt()).toDays()).isCloseTo(30, within(0L));
        assertThat(dialog.isOpened()).isFalse();
        Dialog secret = find(Dialog.class).withId("token-secret-dialog").single();
        assertThat(find(TextField.class, secret).withId("token-secret").single().getValue())
                .startsWith(created.prefix());
    }

    @Test
    void aProjectManagerCanGiveATokenThePredictionsScopeACustomerCannot() {
        ApiTokenCreateDialog customers = openDialog();
        assertThat(customers.scopes.getListDataView().getItems()).containsExactly(ApiTokenScope.RELEASES_READ);
        customers.close();
        signIn.out();
        signIn.as("pm@acme.test");
        String name = "Predictions token " + UUID.randomUUID().toString().substring(0, 8);
        ApiTokenCreateDialog dialog = openDialog();
        assertThat(dialog.scopes.getListDataView().getItems())
                .containsExactly(ApiTokenScope.RELEASES_READ, ApiTokenScope.PREDICTIONS_WRITE, ApiTokenScope.READ,
                        ApiTokenScope.DATA_WRITE, ApiTokenScope.LABELS_WRITE);
        assertThat(dialog.scopes.getValue()).containsExactly(ApiTokenScope.RELEASES_READ);
        test(dialog.name).setValue(name);
        dialog.scopes.setValue(java.util.Set.of(ApiTokenScope.PREDICTIONS_WRITE));
        test(dialog.create).click();
        assertThat(tokens.mine()).filteredOn(t -> t.name().equals(name)).singleElement()
                .satisfies(t -> assertThat(t.scopes()).containsExactly("predictions:write"));
    }

    @Test
    void noScopeIsMarkedAndNothingIsCreated() {
        int before = tokens.mine().size();
        ApiTokenCreateDialog dialog = openDialog();
        test(dialog.name).setValue("No scope");
        dialog.scopes.setValue(java.util.Set.of());
        test(dialog.create).click();
        assertThat(dialog.scopes.getErrorMessage()).isEqualTo("Choose at least one scope: what the token may do.");
        assertThat(tokens.mine()).hasSize(before);
    }

    private ApiTokenCreateDialog openDialog() {
        navigate(ApiTokensView.class);
        test(findInView(Button.class).withId("new-token").single()).click();
        return find(ApiTokenCreateDialog.class).single();
    }
}
