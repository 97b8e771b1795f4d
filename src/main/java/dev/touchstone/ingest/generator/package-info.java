/**
 * Synthetic humanoid episodes for demos, tests and load checks (docs/generator.md): {@link
 * dev.touchstone.ingest.generator.EpisodeGenerator} writes a bimanual pick-and-place with every sensor kind as a
 * native bundle, with ground truth (phases, contacts, outcome, dropouts) that labels and agreement can be checked
 * against. Plain Java plus an ffmpeg process; no Spring.
 */
@org.springframework.modulith.NamedInterface("generator")
package dev.touchstone.ingest.generator;
