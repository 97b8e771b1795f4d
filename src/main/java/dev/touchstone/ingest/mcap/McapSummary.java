package dev.touchstone.ingest.mcap;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a file holds, from its summary section when it has a usable one, otherwise from reading it all.
 *
 * @param schemas          schemas by id
 * @param channels         channels by id
 * @param messageCounts    number of messages per channel id (channels without messages are absent or 0)
 * @param messageStartTime earliest message log time in nanoseconds (unsigned), 0 when there are no messages
 * @param messageEndTime   latest message log time in nanoseconds (unsigned), 0 when there are no messages
 * @param source           where these facts come from
 * @param indexed          whether the position of every chunk is known, so that messages can be read in log-time
 *                         order; false for files with messages outside chunks or with chunks but no chunk index
 */
public record McapSummary(String profile, String library, Map<Integer, McapRecord.Schema> schemas,
                          Map<Integer, McapRecord.Channel> channels, Map<Integer, Long> messageCounts,
                          long messageCount, long messageStartTime, long messageEndTime, long chunkCount,
                          long attachmentCount, long metadataCount, Source source, boolean indexed) {

    public enum Source {
        /** The Statistics, Schema and Channel records of the summary section. */
        SUMMARY_SECTION,
        /** A read of the whole data section, for files without a summary (or without statistics in it). */
        FULL_SCAN
    }

    /** One channel with its schema and message count, flattened for listing. */
    public record ChannelInfo(int id, String topic, String messageEncoding, int schemaId, String schemaName,
                              String schemaEncoding, long messageCount, Map<String, String> metadata) {
    }

    public McapSummary {
        schemas = Collections.unmodifiableMap(new TreeMap<>(schemas));
        channels = Collections.unmodifiableMap(new TreeMap<>(channels));
        messageCounts = Collections.unmodifiableMap(new TreeMap<>(messageCounts));
    }

    /** The schema of a channel, or null when it has none. */
    public McapRecord.Schema schemaOf(McapRecord.Channel channel) {
        return channel.schemaId() == 0 ? null : schemas.get(channel.schemaId());
    }

    /** The channels by id, each with its schema's name and encoding ("" without a schema) and message count. */
    public List<ChannelInfo> channelInfos() {
        return channels.values().stream().map(channel -> {
            McapRecord.Schema schema = schemaOf(channel);
            return new ChannelInfo(channel.id(), channel.topic(), channel.messageEncoding(), channel.schemaId(),
                    schema == null ? "" : schema.name(), schema == null ? "" : schema.encoding(),
                    messageCounts.getOrDefault(channel.id(), 0L), channel.metadata());
        }).toList();
    }
}
