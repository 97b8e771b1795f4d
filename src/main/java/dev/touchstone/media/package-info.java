/**
 * The data plane for the browser player: plain HTTP endpoints under {@code /media/v1/streams/{streamId}/} that stream
 * a stream's stored bytes (video with HTTP ranges, frame indexes, point-cloud and depth frames) or compute small
 * binary answers from them (signal and tactile windows). Every request is checked on its own: a signed-in member, the
 * stream in their organization, and a {@link dev.touchstone.media.MediaAccess} that lets them read it. Nothing is kept
 * in the session and no media is held in memory; only readers (a signal file's header, a frame index) are cached.
 * Endpoints and layouts: {@code docs/formats/media-api.md}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Media data plane", allowedDependencies = {
        "dataset", "dataset :: frames", "dataset :: signal", "storage"})
package dev.touchstone.media;
