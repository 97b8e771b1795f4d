/**
 * The player's views as Vaadin components wrapping web components ({@code ts-signal-view}, {@code ts-tactile-view}).
 * A named interface because pages outside the player module (the Episode page, review screens) embed them.
 */
@org.springframework.modulith.NamedInterface("views")
package dev.touchstone.player.views;
