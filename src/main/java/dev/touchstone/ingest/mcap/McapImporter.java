package dev.touchstone.ingest.mcap;

import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.StreamDataException;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.ingest.EpisodeImporter;
import dev.touchstone.ingest.EpisodeSource;
import dev.touchstone.ingest.ImportFormatException;
import dev.touchstone.ingest.ImportProgress;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * MCAP recordings (ROS 2 bags, Foxglove recordings): one episode per file, named after the file.
 *
 * <p>Timing rule (see docs/formats/mcap.md): every stream's timestamps are the messages' {@code log_time} minus the
 * earliest log time of the imported channels. Header stamps are ignored because they come from each sender's clock
 * (simulated time, a camera's own clock, often 0), while log time is the recorder's single clock for every channel.
 *
 * <p>Files with a chunk index are read in log-time order (so equal log times within a channel are the only timing
 * error left); other files are read in file order, where a channel whose log time goes backwards is an error.
 */
@Component
public class McapImporter implements EpisodeImporter {

    public static final String FORMAT = "mcap";

    /** Progress is reported every this many messages; often enough to cancel quickly, rare enough to be free. */
    private static final int CHECKPOINT_EVERY = 256;

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean accepts(Path path) throws IOException {
        if (!Files.isRegularFile(path) || !path.getFileName().toString().toLowerCase().endsWith(".mcap")) {
            return false;
        }
        byte[] head = new byte[McapRecordReader.MAGIC.length];
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(head, 0, head.length) == head.length
                    && Arrays.equals(head, McapRecordReader.MAGIC);
        }
    }

    @Override
    public List<EpisodeSource> episodes(Path path) throws IOException {
        String fileName = path.getFileName().toString();
        String stem = fileName.substring(0, fileName.length() - ".mcap".length());
        return List.of(new EpisodeSource(path, fileName, stem, "", Files.size(path)));
    }

    @Override
    public void read(EpisodeSource episode, EpisodeRecorder recorder, ImportProgress progress) throws IOException {
        String file = episode.displayPath();
        progress.checkpoint(0, "opening " + file);
        try (McapFile mcap = McapFile.open(FileChannel.open(episode.path(), StandardOpenOption.READ), file)) {
            McapSummary summary = mcap.summary();
            Map<Integer, StreamMapping> imported = new LinkedHashMap<>();
            for (McapRecord.Channel channel : summary.channels().values()) {
                StreamMapping mapping = StreamClassifier.classify(channel, summary.schemaOf(channel));
                long count = summary.messageCounts().getOrDefault(channel.id(), 0L);
                if (!mapping.isSupported()) {
                    recorder.note(file + ": " + mapping.note() + " (" + count + " messages)");
                } else if (count == 0) {
                    recorder.note(file + ": " + channel.topic() + ": skipped, the channel has no messages");
                } else {
                    imported.put(channel.id(), mapping);
                }
            }
            long total = imported.keySet().stream()
                    .mapToLong(id -> summary.messageCounts().getOrDefault(id, 0L)).sum();
            MessageQuery query = MessageQuery.all().onChannels(imported.keySet());
            long start = imported.isEmpty() ? 0 : earliestLogTime(mcap, query);

            EpisodeDescription description = EpisodeDescription.of(episode.name(), file, FORMAT)
                    .withMetadata(metadata(summary, start, imported.isEmpty()));
            if (!imported.isEmpty() && plausibleEpoch(start)) {
                description = description.withRecordedAt(Instant.ofEpochSecond(0, start));
            }
            recorder.describe(description);
            if (imported.isEmpty()) {
                recorder.note(file + ": no channel of a supported type, so the episode has no streams");
                return;
            }

            McapStreams streams = new McapStreams(file, recorder);
            long read = 0;
            try (Stream<McapMessage> messages = mcap.messages(query)) {
                for (McapMessage message : (Iterable<McapMessage>) messages::iterator) {
                    StreamMapping mapping = imported.get(message.channel().id());
                    DecodedMessage decoded;
                    try {
                        decoded = mapping.decode(message);
                    } catch (DecodeException e) {
                        throw new ImportFormatException(file, "topic " + message.channel().topic()
                                + ", message logged at " + Long.toUnsignedString(message.logTime()) + " ns: "
                                + e.getMessage(), e);
                    }
                    streams.append(message.channel().topic(), message.logTime(), start, decoded);
                    if (++read % CHECKPOINT_EVERY == 0) {
                        progress.checkpoint(Math.min(1.0, (double) read / Math.max(1, total)),
                                "read " + read + " of " + total + " messages");
                    }
                }
            }
            streams.finish();
            progress.checkpoint(1.0, "read " + read + " messages");
        } catch (McapException e) {
            throw new ImportFormatException(file, withoutFilePrefix(file, e.getMessage()), e);
        } catch (UncheckedIOException e) {
            throw new ImportFormatException(file, "cannot be read: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * In log-time order the first wanted message is the earliest; in file order only a pass over the whole data
     * section can tell, which is acceptable because files without a chunk index are the small, unchunked ones.
     */
    private static long earliestLogTime(McapFile mcap, MessageQuery query) {
        if (mcap.summary().indexed()) {
            try (Stream<McapMessage> messages = mcap.messages(query)) {
                return messages.findFirst().map(McapMessage::logTime).orElse(0L);
            }
        }
        long[] earliest = {-1};
        try (Stream<McapMessage> messages = mcap.messages(query)) {
            messages.forEach(message -> {
                if (earliest[0] == -1 || Long.compareUnsigned(message.logTime(), earliest[0]) < 0) {
                    earliest[0] = message.logTime();
                }
            });
        }
        return earliest[0] == -1 ? 0 : earliest[0];
    }

    private static Map<String, String> metadata(McapSummary summary, long start, boolean empty) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put("mcap.profile", summary.profile());
        metadata.put("mcap.library", summary.library());
        if (!empty) {
            metadata.put("mcap.startLogTimeNanos", Long.toUnsignedString(start));
        }
        return metadata;
    }

    /** Log time is "nanoseconds since a user-understood epoch": only call it a date when it looks like Unix time. */
    private static boolean plausibleEpoch(long nanos) {
        return nanos > 946_684_800_000_000_000L; // after 2000-01-01
    }

    private static String withoutFilePrefix(String file, String message) {
        String prefix = file + ": ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length())
                : String.valueOf(message);
    }

    /** Stream names are topics without the leading slash, which reads better and keeps names path-safe. */
    static String streamName(String topic) {
        String name = topic.startsWith("/") ? topic.substring(1) : topic;
        return name.isBlank() ? "topic" : name;
    }

    /** The streams of one import; created on each topic's first message because their layout comes from it. */
    static final class McapStreams {
        private final String file;
        private final EpisodeRecorder recorder;
        private final Map<String, TopicStream> byTopic = new HashMap<>();

        McapStreams(String file, EpisodeRecorder recorder) {
            this.file = file;
            this.recorder = recorder;
        }

        void append(String topic, long logTime, long start, DecodedMessage message) throws IOException {
            TopicStream stream = byTopic.get(topic);
            if (stream == null) {
                stream = TopicStream.open(file, topic, streamName(topic), message, recorder);
                byTopic.put(topic, stream);
            }
            long time = logTime - start;
            if (stream.count > 0 && time <= stream.last) {
                throw new StreamDataException(file, stream.name, "timestamps must increase: a message logged at "
                        + Long.toUnsignedString(logTime) + " ns follows one logged at "
                        + Long.toUnsignedString(stream.last + start) + " ns");
            }
            stream.append(time, message);
            stream.last = time;
            stream.count++;
        }

        void finish() {
            List<TopicStream> ordered = new ArrayList<>(byTopic.values());
            ordered.sort((a, b) -> a.name.compareTo(b.name));
            for (TopicStream stream : ordered) {
                stream.finish(recorder);
            }
        }
    }
}
