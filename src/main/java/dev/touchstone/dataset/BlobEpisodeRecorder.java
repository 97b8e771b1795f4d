package dev.touchstone.dataset;

import dev.touchstone.common.WorkFiles;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.storage.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Records an episode into local work files, then at commit stores them as blobs under the episode's prefix and
 * inserts the episode with its streams in one transaction. Anything that fails before the insert deletes the
 * blobs stored so far; the work directory is always deleted.
 */
final class BlobEpisodeRecorder implements EpisodeRecorder {

    private static final Logger log = LoggerFactory.getLogger(BlobEpisodeRecorder.class);

    private final UUID episodeId = Uuids.v7();
    private final UUID organizationId;
    private final UUID datasetId;
    private final UUID importJobId;
    private final String sourceKey;
    private final Path workDirectory;
    private final BlobStore blobs;
    private final DatasetRepository repository;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final VideoStreams videos;
    private final Map<String, PendingStream> streams = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> storedKeys = new ArrayList<>();
    private final String blobPrefix;
    private EpisodeDescription description;
    private boolean committed;
    private boolean closed;

    BlobEpisodeRecorder(UUID organizationId, UUID datasetId, UUID importJobId, String sourceKey, Path workRoot,
                        BlobStore blobs, DatasetRepository repository, TransactionTemplate transactions,
                        ApplicationEventPublisher events) throws IOException {
        this.organizationId = Objects.requireNonNull(organizationId, "organizationId");
        this.datasetId = Objects.requireNonNull(datasetId, "datasetId");
        this.importJobId = importJobId;
        this.sourceKey = sourceKey;
        Files.createDirectories(workRoot);
        this.workDirectory = Files.createTempDirectory(workRoot, "episode-");
        this.blobs = blobs;
        this.repository = repository;
        this.transactions = transactions;
        this.events = events;
        this.videos = new VideoStreams(workDirectory);
        this.blobPrefix = organizationId + "/episodes/" + episodeId + "/";
    }

    UUID episodeId() {
        return episodeId;
    }

    @Override
    public void describe(EpisodeDescription description) {
        open();
        this.description = Objects.requireNonNull(description, "description");
    }

    @Override
    public SignalStreamWriter signal(String name, StreamSource source, List<SignalChannel> channels)
            throws IOException {
        return add(new SignalStream(checkName(name, source), StreamKind.SIGNAL, source, channels, null,
                file(name, ".tssg"), workDirectory));
    }

    @Override
    public SignalStreamWriter tactile(String name, StreamSource source, List<SignalChannel> taxels,
                                      TactileLayout layout) throws IOException {
        return add(new SignalStream(checkName(name, source), StreamKind.TACTILE, source, taxels,
                Objects.requireNonNull(layout, "layout"), file(name, ".tssg"), workDirectory));
    }

    @Override
    public PointCloudStreamWriter pointCloud(String name, StreamSource source) throws IOException {
        return add(new FrameStream(checkName(name, source), StreamKind.POINTCLOUD, source, file(name, ".bin"),
                file(name, ".tsfi"), null));
    }

    @Override
    public DepthStreamWriter depth(String name, StreamSource source, DepthFormat format) throws IOException {
        return add(new FrameStream(checkName(name, source), StreamKind.DEPTH, source, file(name, ".bin"),
                file(name, ".tsfi"), Objects.requireNonNull(format, "format")));
    }

    @Override
    public void video(String name, StreamSource source, Path file, long[] frameTimestamps, long startNanos)
            throws IOException {
        add(videos.file(checkName(name, source), source, file, frameTimestamps, startNanos));
    }

    @Override
    public ImageStreamWriter images(String name, StreamSource source) throws IOException {
        return add(videos.images(checkName(name, source), source));
    }

    @Override
    public VideoPacketWriter videoPackets(String name, StreamSource source, String codec) throws IOException {
        return add(videos.packets(checkName(name, source), source, codec));
    }

    @Override
    public void note(String message) {
        notes.add(Objects.requireNonNull(message, "message"));
    }

    private <T extends PendingStream> T add(T stream) {
        streams.put(stream.name, stream);
        return stream;
    }

    private String checkName(String name, StreamSource source) {
        open();
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new StreamDataException(source, String.valueOf(name), "a stream needs a name of 1-200 characters");
        }
        if (streams.containsKey(name)) {
            throw new StreamDataException(source, name, "the episode already has a stream of this name (from "
                    + streams.get(name).source + ")");
        }
        return name;
    }

    private Path file(String name, String suffix) {
        return workDirectory.resolve("s" + streams.size() + suffix);
    }

    private void open() {
        if (committed || closed) {
            throw new IllegalStateException("the episode recorder is already " + (committed ? "committed" : "closed"));
        }
    }

    @Override
    public EpisodeSummary commit() throws IOException {
        open();
        if (description == null) {
            throw new IllegalStateException("describe the episode before committing it");
        }
        if (streams.isEmpty()) {
            throw new StreamDataException(description.sourceFile(), "(none)", "the recording has no stream that "
                    + "can be imported" + (notes.isEmpty() ? "" : ": " + String.join("; ", notes)));
        }
        List<DatasetRepository.NewStream> rows = new ArrayList<>();
        long duration = 0;
        int index = 0;
        for (PendingStream stream : streams.values()) {
            PendingStream.Stored stored = stream.finish();
            String base = blobPrefix + "s" + index++ + "-" + stream.kind.name().toLowerCase() + "/";
            String dataKey = base + stored.dataName();
            long bytes = put(dataKey, stored.data());
            String indexKey = null;
            if (stored.index() != null) {
                indexKey = base + stored.indexName();
                bytes += put(indexKey, stored.index());
            }
            rows.add(new DatasetRepository.NewStream(Uuids.v7(), stream.name, stream.kind, dataKey, indexKey,
                    stream.stats, stored.channels(), stored.properties(), stream.source, bytes));
            duration = Math.max(duration, stream.stats.last());
        }
        long durationNanos = duration;
        transactions.executeWithoutResult(status -> {
            repository.insertEpisode(episodeId, organizationId, datasetId, importJobId, sourceKey, description,
                    durationNanos, blobPrefix, notes, rows);
            events.publishEvent(new EpisodeImported(organizationId, datasetId, episodeId, description.name(),
                    rows.size(), durationNanos));
        });
        committed = true;
        WorkFiles.deleteTree(workDirectory);
        return new EpisodeSummary(episodeId, datasetId, description.name(), durationNanos,
                repository.streams(organizationId, episodeId), notes);
    }

    private long put(String key, Path file) throws IOException {
        storedKeys.add(key);
        long size = Files.size(file);
        blobs.putWithoutHash(key, file);
        Files.delete(file);
        return size;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!committed) {
            streams.values().forEach(PendingStream::abandon);
            for (String key : storedKeys) {
                try {
                    blobs.delete(key);
                } catch (RuntimeException e) {
                    log.warn("Could not delete blob {} of an episode whose import failed: {}", key, e.getMessage());
                }
            }
        }
        WorkFiles.deleteTree(workDirectory);
    }
}
