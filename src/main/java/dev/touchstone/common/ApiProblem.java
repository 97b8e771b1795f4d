package dev.touchstone.common;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one shape of every error of {@code /api/**}: an RFC 9457 problem ({@code application/problem+json}) with
 * {@code type} (always {@code about:blank}: the status says what kind of problem it is), {@code title} (the status's
 * reason phrase), {@code status} and {@code detail} (what went wrong, for a person). It also carries {@code error},
 * the same text as {@code detail}, which clients written before the problem format read (the workspace's autosave),
 * and any extra members a caller adds (the drafts API's {@code problems}).
 */
public final class ApiProblem {

    /** Where the JSON API lives: errors under it are problems, elsewhere the web application's pages. */
    public static final String API_PATH = "/api/";

    private static final URI ABOUT_BLANK = URI.create("about:blank");

    /** Seconds a client waits before it tries again after a 503 (the {@code Retry-After} header). */
    public static final int RETRY_AFTER_SECONDS = 5;
    /** The words of every 503: the server's infrastructure (database, disk, object store) failed for a moment. */
    public static final String UNAVAILABLE = "The server is unavailable for a moment (its database or storage); "
            + "try again in a few seconds";

    private ApiProblem() {
    }

    public static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith(API_PATH);
    }

    public static ProblemDetail of(HttpStatus status, String detail) {
        String text = detail == null || detail.isBlank() ? status.getReasonPhrase() : detail;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, text);
        problem.setType(ABOUT_BLANK);
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("error", text);
        return problem;
    }

    /** A controller's answer; the media type is set here so that an {@code Accept} header cannot change it. */
    public static ResponseEntity<Map<String, Object>> response(HttpStatus status, String detail) {
        return response(of(status, detail), HttpHeaders.EMPTY);
    }

    /**
     * As a map, not the {@link ProblemDetail} itself: Spring MVC would add {@code instance} (the request's path),
     * which echoes ids back into answers that must not confirm them (another organization's release is 404 with a
     * body that says nothing about the id).
     */
    public static ResponseEntity<Map<String, Object>> response(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus()).headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(members(problem));
    }

    private static Map<String, Object> members(ProblemDetail problem) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", String.valueOf(problem.getType()));
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        members.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            members.putAll(problem.getProperties());
        }
        return members;
    }

    /**
     * 503 with {@code Retry-After}: the database, the disk or the object store failed for a moment, so the same
     * request may well work soon. Not 401 or 403: whether the member may do this could not be checked at all.
     */
    public static ResponseEntity<Map<String, Object>> unavailable() {
        return response(of(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE), retryAfter());
    }

    /** {@link #unavailable()} for filters, which answer before Spring MVC. */
    public static void writeUnavailable(HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
        write(response, HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE);
    }

    private static HttpHeaders retryAfter() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
        return headers;
    }

    /** For filters and security handlers, which answer before Spring MVC and its message converters. */
    public static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        StringBuilder json = new StringBuilder("{");
        members(of(status, detail)).forEach((name, value) -> json.append(json.length() > 1 ? "," : "")
                .append(quote(name)).append(':')
                .append(value instanceof Integer ? value.toString() : quote(String.valueOf(value))));
        response.getWriter().write(json.append('}').toString());
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static final Pattern JAVA_TYPE = Pattern.compile("`(?:[\\w$]+\\.)*([\\w$]+)`");
    /** Jackson's "(start marker at [Source: REDACTED ...])": says nothing to the client. */
    private static final Pattern SOURCE = Pattern.compile("\\s*\\(?(?:start marker )?at \\[Source:[^\\]]*]\\)?");

    /**
     * What is wrong with an unreadable body, for a person reading the client's log: where (a JSON path such as
     * {@code ops[0].label.start}) and Jackson's own words without Java package names; never a stack trace.
     */
    public static String describe(HttpMessageNotReadableException e) {
        if (!(e.getMostSpecificCause() instanceof JacksonException jackson)) {
            return e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                    ? "The request needs a JSON body" : "The request body could not be read";
        }
        String what = SOURCE.matcher(JAVA_TYPE.matcher(String.valueOf(jackson.getOriginalMessage()))
                .replaceAll(m -> m.group(1).replace('$', '.'))).replaceAll("");
        if (jackson instanceof StreamReadException) {
            var location = jackson.getLocation();
            String at = location == null || location.getLineNr() < 0 ? ""
                    : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            return "The body is not valid JSON" + at + ": " + what;
        }
        String path = path(jackson.getPath());
        return "The body does not fit the expected shape" + (path.isEmpty() ? "" : " at " + path) + ": " + what;
    }

    private static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
