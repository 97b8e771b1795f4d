package dev.touchstone.apitoken.ui;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.grid.Grid;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.apitoken.ApiToken;
import dev.touchstone.apitoken.ApiTokenService;
import dev.touchstone.apitoken.OrganizationApiToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The API tokens page without a browser: admins also see every member's tokens with their owners, others do not. */
@TouchstoneSpringTest
class ApiTokensViewTest extends SpringBrowserlessTest {

    @Autowired
    SignIn signIn;
    @Autowired
    ApiTokenService tokens;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAdminSeesTheOrganizationsTokensWithOwners() {
        String name = "view token " + UUID.randomUUID().toString().substring(0, 8);
        signIn.as("pm@acme.test");
        ApiToken pms = tokens.create(name, 7).token();
        signIn.out();

        signIn.as("admin@acme.test");
        navigate(ApiTokensView.class);
        Grid<OrganizationApiToken> all = find(Grid.class).withId("org-tokens-grid").single();
        OrganizationApiToken row = all.getListDataView().getItems()
                .filter(t -> t.token().id().equals(pms.id())).findFirst().orElseThrow();
        assertThat(row.ownerName()).isEqualTo("Pat Manager");
    }

    @Test
    void aProjectManagerDoesNotSeeOtherMembersTokens() {
        signIn.as("pm@acme.test");
        navigate(ApiTokensView.class);
        assertThat(find(Grid.class).withId("tokens-grid").exists()).isTrue();
        assertThat(find(Grid.class).withId("org-tokens-grid").exists()).isFalse();
    }
}
