package dev.touchstone.common;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Refuses request bodies above a limit with 413 and a problem ({@link ApiProblem}): by the declared length before
 * anything is read, and while reading for bodies sent without a length (chunked), when the reader (Jackson, through
 * Spring's message converters) meets {@link BodyTooLargeException}; an API's exception handler turns that into the
 * same 413 ({@link #tooLarge(Throwable)}). Registered per API on its own paths. Runs after Spring Security, so an
 * anonymous or forged request is refused (401/403) before its size matters.
 * <p>
 * Bytes of a resumable upload ({@value #UPLOAD_BYTES}, the tus PATCH) are never limited here, whatever paths the
 * filter is registered on: they stream to disk, and the upload's own declared length limits them.
 */
public final class ApiBodyLimitFilter extends OncePerRequestFilter {

    /** Thrown while reading a body that turns out larger than the limit; answered with 413. */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(String message) {
            super(message);
        }
    }

    /** The media type of a tus PATCH body: file bytes, not a JSON document. */
    public static final String UPLOAD_BYTES = "application/offset+octet-stream";

    private final long maxBytes;
    private final String message;

    /**
     * @param maxBytes the largest body accepted
     * @param message  the problem's message for a larger one: what the client should do instead
     */
    public ApiBodyLimitFilter(long maxBytes, String message) {
        this.maxBytes = maxBytes;
        this.message = message;
    }

    /** The limit's exception among a failure's causes (a body cut off while it was read), or null. */
    public static BodyTooLargeException tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException e) {
                return e;
            }
        }
        return null;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.split(";")[0].strip().equalsIgnoreCase(UPLOAD_BYTES);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            ApiProblem.write(response, HttpStatus.CONTENT_TOO_LARGE, message);
            return;
        }
        chain.doFilter(new Limited(request), response);
    }

    private final class Limited extends HttpServletRequestWrapper {
        private ServletInputStream stream;

        Limited(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream());
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }
    }

    private final class LimitedStream extends ServletInputStream {
        private final ServletInputStream in;
        private long read;

        LimitedStream(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > maxBytes) {
                throw new BodyTooLargeException(message);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
