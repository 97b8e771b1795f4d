/**
 * The synchronized episode player: the {@code ts-player} web component (one clock for every view) and its camera
 * view, wrapped as Vaadin components, and the page that shows an episode in it. Only ids and URLs reach the
 * browser through Vaadin; the views fetch media themselves from the media data plane ({@code /media/v1}).
 * Frontend sources: {@code src/main/frontend/player/}; contract and keyboard map: {@code docs/player.md}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Episode player", allowedDependencies = {
        "common", "dataset", "organization"})
package dev.touchstone.player;
