package dev.touchstone.dataset;

/**
 * Data that cannot become a stream: timestamps going backwards, NaN values, a frame of the wrong size, a missing
 * stream. The message always names the file, the stream and the problem, because it is what the user reads in the
 * import's error.
 */
public class StreamDataException extends RuntimeException {

    private final String file;
    private final String stream;
    private final String problem;

    public StreamDataException(String file, String stream, String problem) {
        this(file, stream, problem, null);
    }

    public StreamDataException(String file, String stream, String problem, Throwable cause) {
        super(file + ": stream '" + stream + "': " + problem, cause);
        this.file = file;
        this.stream = stream;
        this.problem = problem;
    }

    public StreamDataException(StreamSource source, String stream, String problem) {
        this(source.toString(), stream, problem, null);
    }

    public String file() {
        return file;
    }

    public String stream() {
        return stream;
    }

    public String problem() {
        return problem;
    }
}
