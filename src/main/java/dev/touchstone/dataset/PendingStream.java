package dev.touchstone.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A stream being recorded: checks and counts its timestamps, and at commit hands over the local files to store.
 * One subclass per storage layout.
 */
abstract class PendingStream {

    final String name;
    final StreamKind kind;
    final StreamSource source;
    final IntervalStats stats = new IntervalStats();

    PendingStream(String name, StreamKind kind, StreamSource source) {
        this.name = name;
        this.kind = kind;
        this.source = source;
    }

    /** Checks and records the next timestamp; the message names the file and the stream. */
    final void time(long timestampNanos) {
        if (timestampNanos < 0) {
            throw problem("timestamp " + timestampNanos + " ns is before the episode start (sample "
                    + stats.samples() + ")");
        }
        try {
            stats.add(timestampNanos);
        } catch (IllegalArgumentException e) {
            throw problem("timestamps go backwards at sample " + stats.samples() + ": " + e.getMessage());
        }
    }

    final StreamDataException problem(String problem) {
        return new StreamDataException(source, name, problem);
    }

    final StreamDataException problem(String problem, Throwable cause) {
        return new StreamDataException(source.toString(), name, problem, cause);
    }

    /** Finishes writing; called once, at commit. A stream without samples is a {@link StreamDataException}. */
    abstract Stored finish() throws IOException;

    /** Releases what is open without storing anything. */
    abstract void abandon();

    /**
     * What a finished stream stores.
     *
     * @param data       the main file (signal file, video, frame data)
     * @param dataName   its name under the episode's blob prefix
     * @param index      a second file (frame index, video frame timestamps), or null
     * @param indexName  its name, or null
     * @param channels   channel names and units (signal, tactile)
     * @param properties kind-specific facts, JSON-serialisable
     */
    record Stored(Path data, String dataName, Path index, String indexName, List<StreamInfo.Channel> channels,
                  Map<String, Object> properties) {
    }
}
