package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Page object of the labeling workspace ({@code episodes/:id/label?schema=}): the player with its label tracks, and
 * the side panel with the save state, episode values, the selected label, the list of labels and submit.
 */
final class WorkspacePage {

    private final Page page;

    WorkspacePage(Page page) {
        this.page = page;
    }

    WorkspacePage open(UUID episodeId, UUID schemaVersionId) {
        page.navigate("/episodes/" + episodeId + "/label?schema=" + schemaVersionId);
        return waitUntilReady();
    }

    WorkspacePage waitUntilReady() {
        assertThat(page.locator("ts-label-workspace #workspace-panel")).isVisible();
        assertThat(page.locator("ts-camera-view").first()).hasAttribute("status", "ready");
        focusPlayer();
        return this;
    }

    /** Keys go to the player (and what it leaves, to the workspace), as after the page opened. */
    void focusPlayer() {
        page.evaluate("document.querySelector('ts-player').focus()");
    }

    void press(String... keys) {
        for (String key : keys) {
            page.keyboard().press(key);
        }
    }

    void seek(double seconds) {
        page.evaluate("t => { const p = document.querySelector('ts-player'); p.pause(); p.seek(t); }", seconds * 1e9);
    }

    double time() {
        return ((Number) page.evaluate("document.querySelector('ts-player').time")).doubleValue();
    }

    Locator saveState() {
        return page.locator("ts-label-workspace #save-state");
    }

    /** Waits until the server has every change (the autosave went out and was acknowledged). */
    WorkspacePage waitSaved() {
        assertThat(saveState()).hasAttribute("data-state", "saved");
        return this;
    }

    /** The banner while the server is away (no answer, 503): the work is kept in the browser meanwhile. */
    Locator serverUnavailable() {
        return page.locator("ts-label-workspace #server-unavailable");
    }

    Locator message() {
        return page.locator("ts-label-workspace #workspace-message");
    }

    Locator listItems() {
        return page.locator("ts-label-workspace #label-list button[data-id]");
    }

    Locator listItems(String kind) {
        return page.locator("ts-label-workspace #label-list button[data-kind='" + kind + "']");
    }

    Locator field(String definition) {
        return page.locator("ts-label-workspace fieldset[data-definition='" + definition + "'][data-segment='']");
    }

    Locator submit() {
        return page.locator("ts-label-workspace #submit");
    }

    /** The confirmation a keyboard submit opens. */
    Locator confirmation() {
        return page.locator("ts-label-workspace #submit-confirm");
    }

    /** The choice that has the keyboard focus, as "definition=value" ("" when the focus is elsewhere). */
    String focusedChoice() {
        return (String) page.evaluate("() => { const a = document.querySelector('ts-label-workspace').shadowRoot"
                + ".activeElement; return a && a.tagName === 'INPUT' ? a.closest('fieldset').dataset.definition + '='"
                + " + a.value : ''; }");
    }

    Locator submitted() {
        return page.locator("ts-label-workspace #submitted");
    }

    Locator segments() {
        return page.locator("ts-label-tracks .segment[data-id]");
    }

    Locator events() {
        return page.locator("ts-label-tracks .event[data-id]");
    }

    /** Puts labels into the store as if an editor had made them (to test what the server refuses). */
    void editInStore(String description, String labelsJson) {
        page.evaluate("([d, json]) => document.querySelector('ts-label-workspace').store.edit(d, JSON.parse(json))",
                java.util.List.of(description, labelsJson));
    }

    /** The line above the label list counting proposals: data-proposed, -accepted, -adjusted, -deleted. */
    Locator proposalCounts() {
        return page.locator("ts-label-workspace #proposal-counts");
    }

    /** The label list's items still marked "proposed", of one kind (phase, event, value...). */
    Locator proposedItems(String kind) {
        return page.locator("ts-label-workspace #label-list button[data-proposed='true'][data-kind='" + kind + "']");
    }

    /** Every label list item still marked "proposed". */
    Locator proposedItems() {
        return page.locator("ts-label-workspace #label-list button[data-proposed='true']");
    }

    Locator listItem(String id) {
        return page.locator("ts-label-workspace #label-list button[data-id='" + id + "']");
    }

    /** The selected proposal's source, confidence and evidence. */
    Locator proposalPanel() {
        return page.locator("ts-label-workspace #proposal-panel");
    }

    int labelCountInStore() {
        return ((Number) page.evaluate("document.querySelector('ts-label-workspace').store.labels().length")).intValue();
    }
}
