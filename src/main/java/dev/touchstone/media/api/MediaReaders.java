package dev.touchstone.media.api;

import dev.touchstone.media.BlobChannel;
import dev.touchstone.dataset.frames.FrameIndex;
import dev.touchstone.dataset.signal.SignalReader;
import dev.touchstone.storage.BlobStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;

/**
 * Readers of stored streams, cached by blob key so that a player scrubbing through an episode does not reopen and
 * re-check a signal header or re-read a frame index on every request. Keys are blob keys (they start with the
 * organization id and are unique per stream); callers check access before asking, the cache never does.
 */
@Component
class MediaReaders {

    private final BlobStore blobs;
    private final ReaderCache<SignalReader> signals;
    private final ReaderCache<FrameIndex> indexes;

    MediaReaders(BlobStore blobs,
                 @Value("${touchstone.media.cache.signal-readers:64}") int signalReaders,
                 @Value("${touchstone.media.cache.index-frames:2000000}") long indexFrames) {
        this.blobs = blobs;
        // A signal reader holds its header and at most 16 pages of 64 KiB (BlobChannel): 64 readers stay under 65 MiB.
        this.signals = new ReaderCache<>(signalReaders, reader -> 1);
        // A frame index holds 20 bytes per frame: 2 M frames (e.g. 30 h of 30 fps video) are ~40 MiB.
        this.indexes = new ReaderCache<>(indexFrames, index -> Math.max(1, index.size()));
    }

    SignalReader signal(String blobKey) throws IOException {
        return signals.get(blobKey, () -> SignalReader.open(BlobChannel.open(blobs, blobKey)));
    }

    FrameIndex frameIndex(String indexKey) throws IOException {
        return indexes.get(indexKey, () -> {
            try (InputStream in = blobs.open(indexKey)) {
                return FrameIndex.read(in, indexKey);
            }
        });
    }

    ReaderCache<SignalReader> signalCache() {
        return signals;
    }
}
