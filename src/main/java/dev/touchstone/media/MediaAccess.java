package dev.touchstone.media;

import dev.touchstone.dataset.StoredStream;
import org.springframework.security.access.AccessDeniedException;

import java.util.Optional;
import java.util.UUID;

/**
 * Decides whether the signed-in member may read a stream's data. The media endpoints ask every bean of this type in
 * {@link org.springframework.core.annotation.Order order}; the first that returns the stream grants access. Today the
 * only one reads through {@code DatasetService.storedStream}: admins, project managers and QA leads read any stream of
 * their organization, annotators those of episodes they hold or held an assignment on ({@code dataset.EpisodeGrant}).
 * <p>
 * Contract, so that no implementation leaks whether a stream exists: return empty for a stream that does not exist
 * <em>or</em> belongs to another organization (both answer 404), and throw {@link AccessDeniedException} only for a
 * reason that does not depend on the stream (the member's role), which answers 403 when no other implementation
 * grants access.
 */
public interface MediaAccess {

    /** The stream's storage location if the signed-in member may read it. */
    Optional<StoredStream> readable(UUID streamId);
}
