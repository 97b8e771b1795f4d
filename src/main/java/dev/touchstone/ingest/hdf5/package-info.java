/**
 * ALOHA/ACT-style HDF5 episodes in: one file per episode, joint signals and per-camera image arrays, read with
 * jhdf (pure Java, chunked deflate/LZF) slice by slice so that memory stays bounded.
 */
package dev.touchstone.ingest.hdf5;
