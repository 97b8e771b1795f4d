package dev.touchstone.ingest.mcap;

import java.util.HashMap;
import java.util.Map;

/**
 * The schemas and channels known so far while reading, shared by the summary and the data section readers. The
 * first definition of an id wins: the specification requires repeated definitions to be identical.
 */
final class Definitions {

    final Map<Integer, McapRecord.Schema> schemas = new HashMap<>();
    final Map<Integer, McapRecord.Channel> channels = new HashMap<>();

    Definitions() {
    }

    Definitions(Map<Integer, McapRecord.Schema> schemas, Map<Integer, McapRecord.Channel> channels) {
        this.schemas.putAll(schemas);
        this.channels.putAll(channels);
    }

    void define(McapRecord.Schema schema) {
        // Schema id 0 means "no schema"; a record claiming it is invalid and ignored, as the specification says.
        if (schema.id() != 0) {
            schemas.putIfAbsent(schema.id(), schema);
        }
    }

    void define(McapRecord.Channel channel, Site site) {
        if (channel.schemaId() != 0 && !schemas.containsKey(channel.schemaId())) {
            throw site.error("channel " + channel.id() + " (" + channel.topic() + ") refers to schema "
                    + channel.schemaId() + ", which no Schema record before it defines");
        }
        channels.putIfAbsent(channel.id(), channel);
    }

    /** The message with its channel and schema, or null when the query does not want it. */
    McapMessage resolve(McapRecord.Message message, MessageQuery query, Site site) {
        McapRecord.Channel channel = channels.get(message.channelId());
        if (channel == null) {
            throw site.error("message refers to channel " + message.channelId()
                    + ", which no Channel record before it defines");
        }
        if (!query.accepts(message.channelId(), message.logTime())) {
            return null;
        }
        McapRecord.Schema schema = channel.schemaId() == 0 ? null : schemas.get(channel.schemaId());
        return new McapMessage(channel, schema, message.sequence(), message.logTime(), message.publishTime(),
                message.data());
    }
}
