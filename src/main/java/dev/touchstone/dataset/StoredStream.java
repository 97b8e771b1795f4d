package dev.touchstone.dataset;

import java.util.UUID;

/**
 * Where a stream's bytes are, for the media plane. Only handed out after the organization check.
 *
 * @param blobKey      the main blob (signal file, video, frame data)
 * @param indexBlobKey the frame index (video, depth, point cloud), or null
 */
public record StoredStream(UUID id, UUID episodeId, StreamKind kind, String blobKey, String indexBlobKey,
                           long offsetNanos, long firstNanos, long lastNanos) {
}
