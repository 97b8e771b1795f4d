/**
 * Datasets and episodes: what Touchstone stores of a robot demonstration once it has been imported (episodes, their
 * streams and the files that hold them). The first building block is the signal file in {@code signal}: multi-channel
 * numeric streams stored with a min/max pyramid so that the episode player can draw any window at once.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Datasets and episodes")
package dev.touchstone.dataset;
