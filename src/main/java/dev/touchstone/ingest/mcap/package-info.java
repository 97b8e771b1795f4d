/**
 * A pure-Java reader for MCAP files, the default ROS 2 recording format, with no Spring in it so that it can be
 * used and tested on its own.
 * <ul>
 *   <li>{@link dev.touchstone.ingest.mcap.McapRecordReader} walks the records of a file one at a time (the format
 *   level: magic, record framing, chunk decompression, CRCs).</li>
 *   <li>{@link dev.touchstone.ingest.mcap.McapFile} is what an importer uses: a summary of schemas, channels,
 *   message counts and times, and the messages themselves in log-time order, read chunk by chunk so a file never
 *   has to fit in memory.</li>
 *   <li>{@link dev.touchstone.ingest.mcap.StreamClassifier} says which kind of Touchstone stream a channel becomes
 *   (or why it cannot), and the {@link dev.touchstone.ingest.mcap.StreamMapping} it returns decodes the messages
 *   (ROS 2 CDR, and protobuf for {@code foxglove.CompressedVideo}) into plain records.</li>
 * </ul>
 * Every problem with a file is a {@link dev.touchstone.ingest.mcap.McapException} whose message names the file,
 * the record and its offset. See {@code docs/formats/mcap.md} for what is supported and what is skipped.
 */
package dev.touchstone.ingest.mcap;
