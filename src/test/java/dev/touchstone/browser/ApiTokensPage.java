package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The API tokens page (/tokens) by its ids: the member's own tokens ({@code #tokens-grid}) and, for admins, every
 * token of the organization with its owner ({@code #org-tokens-grid}), each with a Revoke button named by the
 * token's id ({@code #revoke-<id>}, {@code #org-revoke-<id>}) and one confirmation dialog.
 */
final class ApiTokensPage {

    private final Page page;

    private ApiTokensPage(Page page) {
        this.page = page;
    }

    /** Opens the page from the menu. */
    static ApiTokensPage open(Page page, AppShell shell) {
        page.locator("#nav-tokens").click();
        shell.waitForPath("/tokens");
        return new ApiTokensPage(page);
    }

    Locator organizationTokens() {
        return page.locator("#org-tokens-grid");
    }

    /** The token's Revoke button in the organization grid; hidden once the token is revoked. */
    Locator organizationRevokeButton(UUID tokenId) {
        return page.locator("#org-revoke-" + tokenId);
    }

    Locator revokeDialog() {
        return page.locator("#revoke-dialog");
    }

    /**
     * Clicks the token's Revoke in the organization grid; answers the confirmation dialog, open. (The dialog's host
     * element has no box of its own, so it is found by its attribute and text, not by visibility.)
     */
    Locator startRevokingOrganizationToken(UUID tokenId) {
        organizationRevokeButton(tokenId).click();
        assertThat(revokeDialog()).hasAttribute("opened", "");
        return revokeDialog();
    }

    void confirmRevoke() {
        page.locator("#revoke-confirm").click();
        assertThat(revokeDialog()).hasCount(0);
    }
}
