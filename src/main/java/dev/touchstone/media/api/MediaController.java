package dev.touchstone.media.api;

import dev.touchstone.dataset.StoredStream;
import dev.touchstone.media.BlobResponses;
import dev.touchstone.media.MediaAccess;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.dataset.frames.FrameIndex;
import dev.touchstone.dataset.signal.SignalReader;
import dev.touchstone.dataset.signal.SignalWindow;
import dev.touchstone.dataset.signal.SignalWindowEncoder;
import dev.touchstone.storage.BlobInfo;
import dev.touchstone.storage.BlobStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The player's data plane (layouts in {@code docs/formats/media-api.md}). Each handler first resolves the stream
 * through {@link MediaAccess} (organization and role, per request), then streams stored bytes straight from the blob
 * store to the response or writes one small computed window. Times in parameters are int64 nanoseconds on the
 * stream's stored clock, i.e. before its offset; the offset is sent back in {@code X-Stream-Offset}.
 */
@RestController
@RequestMapping("/media/v1/streams/{streamId}")
class MediaController {

    private static final Logger log = LoggerFactory.getLogger(MediaController.class);
    static final String OCTETS = MediaType.APPLICATION_OCTET_STREAM_VALUE;
    static final String VIDEO_MP4 = "video/mp4";
    /** Bound on one window's answer, so that width × channels cannot make the server build a huge buffer. */
    static final long MAX_WINDOW_BYTES = 32L * 1024 * 1024;
    private static final String CACHE_CONTROL = "private";

    private final List<MediaAccess> access;
    private final MediaReaders readers;
    private final BlobStore blobs;

    MediaController(List<MediaAccess> access, MediaReaders readers, BlobStore blobs) {
        this.access = access;
        this.readers = readers;
        this.blobs = blobs;
    }

    @GetMapping("/video")
    void video(@PathVariable String streamId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        StoredStream stream = stream(streamId, "video", StreamKind.VIDEO);
        serveBlob(stream.blobKey(), VIDEO_MP4, request, response);
    }

    @GetMapping("/frames")
    void frames(@PathVariable String streamId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        StoredStream stream = stream(streamId, "frames", StreamKind.VIDEO, StreamKind.DEPTH, StreamKind.POINTCLOUD);
        serveBlob(requireIndex(stream), OCTETS, request, response);
    }

    @GetMapping("/signal")
    void signal(@PathVariable String streamId, @RequestParam(required = false) String t0,
                @RequestParam(required = false) String t1, @RequestParam(required = false) String width,
                @RequestParam(required = false) String channels, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        window(stream(streamId, "signal", StreamKind.SIGNAL), t0, t1, width, channels, response, started);
    }

    /**
     * The chosen channels' stored values at time t: the last sample at or before t, as a one-sample raw window. The
     * player's readout asks this once per time, whatever the stream's rate (a look-back window would need a second
     * round trip on a slow stream or in a gap).
     */
    @GetMapping("/signal/at")
    void signalAt(@PathVariable String streamId, @RequestParam(required = false) String t,
                  @RequestParam(required = false) String channels, HttpServletResponse response) throws IOException {
        StoredStream stream = stream(streamId, "signal", StreamKind.SIGNAL);
        long at = requireLong("t", t);
        SignalReader reader = readers.signal(stream.blobKey());
        int[] chosen = parseChannels(channels, reader.channels().size());
        var sample = reader.valueAt(at, 0);
        if (sample.isEmpty()) {
            nothingYet(stream, reader.sampleCount() > 0 ? reader.firstTimestamp() : null, response);
            return;
        }
        long sampleTime = sample.get().timestamp();
        // Two columns for one sample: the window stays raw (level 0) and holds exactly that sample.
        writeWindow(stream, reader.window(sampleTime, sampleTime, 2, chosen), response);
    }

    @GetMapping("/tactile")
    void tactile(@PathVariable String streamId, @RequestParam(required = false) String t0,
                 @RequestParam(required = false) String t1, @RequestParam(required = false) String width,
                 @RequestParam(required = false) String channels, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        window(stream(streamId, "tactile", StreamKind.TACTILE), t0, t1, width, channels, response, started);
    }

    /**
     * Every taxel's value at time t: the last sample at or before t, as a one-bucket raw window (the same layout as
     * a window, so the player needs one decoder).
     */
    @GetMapping("/tactile/at")
    void tactileAt(@PathVariable String streamId, @RequestParam(required = false) String t,
                   HttpServletResponse response) throws IOException {
        StoredStream stream = stream(streamId, "tactile", StreamKind.TACTILE);
        long at = requireLong("t", t);
        SignalReader reader = readers.signal(stream.blobKey());
        var sample = reader.valueAt(at, 0);
        if (sample.isEmpty()) {
            nothingYet(stream, reader.sampleCount() > 0 ? reader.firstTimestamp() : null, response);
            return;
        }
        long sampleTime = sample.get().timestamp();
        SignalWindow window = reader.window(sampleTime, sampleTime, 1);
        writeWindow(stream, window, response);
    }

    @GetMapping("/cloud")
    void cloud(@PathVariable String streamId, @RequestParam(required = false) String t,
               HttpServletRequest request, HttpServletResponse response) throws IOException {
        frame(stream(streamId, "cloud", StreamKind.POINTCLOUD), t, request, response);
    }

    @GetMapping("/depth")
    void depth(@PathVariable String streamId, @RequestParam(required = false) String t,
               HttpServletRequest request, HttpServletResponse response) throws IOException {
        frame(stream(streamId, "depth", StreamKind.DEPTH), t, request, response);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * The stream if the member may read it. A stream id that is malformed, missing or of another organization all
     * answer the same 404; a role that may not read media answers 403 unless another {@link MediaAccess} grants it.
     */
    private StoredStream stream(String streamId, String endpoint, StreamKind... kinds) {
        UUID id;
        try {
            id = UUID.fromString(streamId);
        } catch (IllegalArgumentException e) {
            throw MediaException.notFound("No such stream");
        }
        AccessDeniedException denied = null;
        StoredStream found = null;
        for (MediaAccess candidate : access) {
            try {
                Optional<StoredStream> stream = candidate.readable(id);
                if (stream.isPresent()) {
                    found = stream.get();
                    break;
                }
            } catch (AccessDeniedException e) {
                denied = e;
            }
        }
        if (found == null) {
            if (denied != null) {
                throw denied;
            }
            throw MediaException.notFound("No such stream");
        }
        if (!Arrays.asList(kinds).contains(found.kind())) {
            throw MediaException.notFound("Stream " + id + " is a " + found.kind().name().toLowerCase()
                    + " stream and has no " + endpoint + " data; use " + endpointFor(found.kind()));
        }
        return found;
    }

    private static String endpointFor(StreamKind kind) {
        return switch (kind) {
            case VIDEO -> "video (and frames)";
            case DEPTH -> "depth (and frames)";
            case POINTCLOUD -> "cloud (and frames)";
            case SIGNAL -> "signal";
            case TACTILE -> "tactile";
        };
    }

    private static String requireIndex(StoredStream stream) {
        if (stream.indexBlobKey() == null) {
            throw new IllegalStateException("Stream " + stream.id() + " of kind " + stream.kind()
                    + " has no frame index");
        }
        return stream.indexBlobKey();
    }

    private void window(StoredStream stream, String t0Text, String t1Text, String widthText, String channelsText,
                        HttpServletResponse response, long started) throws IOException {
        long accessed = System.nanoTime();
        long t0 = requireLong("t0", t0Text);
        long t1 = requireLong("t1", t1Text);
        int width = (int) requireLong("width", widthText, 1, SignalReader.MAX_COLUMNS);
        if (t1 < t0) {
            throw MediaException.badRequest("t1 (" + t1 + " ns) is before t0 (" + t0 + " ns)");
        }
        SignalReader reader = readers.signal(stream.blobKey());
        int channelCount = reader.channels().size();
        int[] channels = parseChannels(channelsText, channelCount);
        int asked = channels.length == 0 ? channelCount : channels.length;
        long worst = 2L * width * (16L + 8L * asked);
        if (worst > MAX_WINDOW_BYTES) {
            throw MediaException.badRequest("A window of " + width + " columns x " + asked + " channels could need "
                    + worst + " bytes, more than " + MAX_WINDOW_BYTES + "; ask for fewer columns or channels");
        }
        SignalWindow window = reader.window(t0, t1, width, channels);
        long computed = System.nanoTime();
        // Where a window's time goes, for the browser's resource timing (benchmarks read it; it names no data).
        response.setHeader("Server-Timing", "access;dur=" + millis(accessed - started) + ", window;dur="
                + millis(computed - accessed));
        writeWindow(stream, window, response);
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static int[] parseChannels(String text, int channelCount) {
        if (text == null || text.isBlank()) {
            return new int[0];
        }
        String[] parts = text.split(",", -1);
        if (parts.length > channelCount) {
            throw MediaException.badRequest("channels lists " + parts.length + " entries but the stream has "
                    + channelCount + " channels");
        }
        int[] channels = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            channels[i] = (int) requireLong("channels[" + i + "]", parts[i].strip(), 0, channelCount - 1);
        }
        return channels;
    }

    private void writeWindow(StoredStream stream, SignalWindow window, HttpServletResponse response)
            throws IOException {
        ByteBuffer encoded = SignalWindowEncoder.encode(window);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(OCTETS);
        response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
        response.setHeader("X-Stream-Offset", Long.toString(stream.offsetNanos()));
        response.setContentLength(encoded.remaining());
        response.getOutputStream().write(encoded.array(), encoded.arrayOffset() + encoded.position(),
                encoded.remaining());
    }

    /**
     * The answer for a time before the stream's first sample (or frame): 204 No Content, since there is nothing to
     * show yet and nothing is wrong; {@code X-First-Timestamp} says where the stream starts (absent when it is empty).
     */
    private static void nothingYet(StoredStream stream, Long first, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
        response.setHeader("X-Stream-Offset", Long.toString(stream.offsetNanos()));
        if (first != null) {
            response.setHeader("X-First-Timestamp", Long.toString(first));
        }
    }

    private void frame(StoredStream stream, String tText, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        long t = requireLong("t", tText);
        FrameIndex index = readers.frameIndex(requireIndex(stream));
        int frame = index.frameAt(t);
        if (frame < 0) {
            nothingYet(stream, index.size() > 0 ? index.timestamp(0) : null, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(OCTETS);
        response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
        response.setHeader("X-Frame-Index", Integer.toString(frame));
        response.setHeader("X-Frame-Timestamp", Long.toString(index.timestamp(frame)));
        response.setHeader("X-Stream-Offset", Long.toString(stream.offsetNanos()));
        response.setContentLengthLong(index.length(frame));
        if (isHead(request)) {
            return;
        }
        copy(stream.blobKey(), index.offset(frame), index.length(frame), response);
    }

    /** A whole blob with single-range support, validators and conditional requests. */
    private void serveBlob(String key, String contentType, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        BlobInfo info = blobs.info(key).orElseThrow(() -> new IllegalStateException(
                "Blob " + key + " of a stored stream is missing"));
        BlobResponses.serve(blobs, key, info, contentType, CACHE_CONTROL, request, response);
    }

    private void copy(String key, long offset, long length, HttpServletResponse response) throws IOException {
        BlobResponses.copy(blobs, key, offset, length, response);
    }

    private static boolean isHead(HttpServletRequest request) {
        return BlobResponses.isHead(request);
    }

    private static long requireLong(String name, String text) {
        return requireLong(name, text, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static long requireLong(String name, String text, long min, long max) {
        if (text == null || text.isBlank()) {
            throw MediaException.badRequest("Parameter " + name + " is required");
        }
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw MediaException.badRequest("Parameter " + name + " must be an integer, got '" + abbreviate(text)
                    + "'");
        }
        if (value < min || value > max) {
            throw MediaException.badRequest("Parameter " + name + " must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    @ExceptionHandler(MediaException.class)
    ResponseEntity<String> media(MediaException e, HttpServletResponse response) {
        return text(e.status(), e.getMessage(), response);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<String> denied(AccessDeniedException e, HttpServletResponse response) {
        return text(HttpStatus.FORBIDDEN, "Your role may not read media of this organization", response);
    }

    /** Thrown by the signal reader for a window it cannot answer (e.g. a channel that does not exist). */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<String> invalid(IllegalArgumentException e, HttpServletResponse response) {
        return text(HttpStatus.BAD_REQUEST, e.getMessage(), response);
    }

    private static ResponseEntity<String> text(HttpStatus status, String message, HttpServletResponse response) {
        if (response.isCommitted()) {
            log.debug("Media response already committed, cannot send {}: {}", status, message);
            return null;
        }
        return ResponseEntity.status(status).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                .contentType(MediaType.TEXT_PLAIN).body(message + "\n");
    }
}
