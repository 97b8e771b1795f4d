package dev.touchstone.ingest.mcap;

import java.util.Collection;
import java.util.Set;

/**
 * Which messages to read and in which order.
 *
 * @param channelIds the channels to read; empty for all
 * @param startTime  the earliest log time to include, in nanoseconds (unsigned)
 * @param endTime    the latest log time to include, in nanoseconds (unsigned; -1 is the largest value)
 * @param order      the order to return them in
 */
public record MessageQuery(Set<Integer> channelIds, long startTime, long endTime, MessageOrder order) {

    public MessageQuery {
        channelIds = Set.copyOf(channelIds);
    }

    /** Every message, in log-time order where the file allows it. */
    public static MessageQuery all() {
        return new MessageQuery(Set.of(), 0, -1, MessageOrder.LOG_TIME);
    }

    public MessageQuery onChannels(Collection<Integer> ids) {
        return new MessageQuery(Set.copyOf(ids), startTime, endTime, order);
    }

    /** Only messages logged from {@code start} through {@code end}, both inclusive. */
    public MessageQuery between(long start, long end) {
        return new MessageQuery(channelIds, start, end, order);
    }

    public MessageQuery inOrder(MessageOrder newOrder) {
        return new MessageQuery(channelIds, startTime, endTime, newOrder);
    }

    boolean accepts(int channelId, long logTime) {
        return (channelIds.isEmpty() || channelIds.contains(channelId))
                && Long.compareUnsigned(logTime, startTime) >= 0 && Long.compareUnsigned(logTime, endTime) <= 0;
    }

    /** Whether a chunk holding messages from {@code first} to {@code last} may hold a wanted one. */
    boolean overlaps(long first, long last) {
        return Long.compareUnsigned(last, startTime) >= 0 && Long.compareUnsigned(first, endTime) <= 0;
    }
}
