/**
 * Episodes in: turning robot recordings into Touchstone episodes and streams. The first building block is the MCAP
 * reader in {@code mcap} (container, chunk codecs, ROS 2 CDR decoding of the common sensor messages); the import
 * itself builds on it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Episode ingest")
package dev.touchstone.ingest;
