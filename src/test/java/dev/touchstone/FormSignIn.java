package dev.touchstone;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sign-in form as a browser posts it: the sign-in page first (it starts a session and holds the form's CSRF
 * token in its {@code _csrf} meta tag), then {@code POST /login} with e-mail, password and that token. Without the
 * token the form is refused (login CSRF, see docs/security.md).
 *
 * @param sessionCookie the page's {@code JSESSIONID=...}, sent with the post when the client keeps no cookies itself
 */
public record FormSignIn(URI login, String sessionCookie, String parameter, String token) {

    private static final long SECOND = 1_000_000_000L;

    /**
     * Opens {@code /login} with {@code http}. In dev mode the very first page of a fresh build can be Vaadin's
     * placeholder while it checks its frontend bundle, so this waits a little for the real page.
     */
    public static FormSignIn open(HttpClient http, int port) throws Exception {
        return open(http, URI.create("http://localhost:" + port + "/login"));
    }

    public static FormSignIn open(HttpClient http, URI login) throws Exception {
        long deadline = System.nanoTime() + 60 * SECOND;
        while (true) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(login).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = page.body();
            if (page.statusCode() == 200 && body.contains("name=\"_csrf\"")) {
                String cookie = http.cookieHandler().isPresent() ? null : page.headers().allValues("Set-Cookie")
                        .stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst()
                        .map(c -> c.split(";")[0]).orElse(null);
                return new FormSignIn(login, cookie, meta(body, "_csrf_parameter"), meta(body, "_csrf"));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No sign-in form with a CSRF token at " + login + ": " + page.statusCode()
                        + " " + body.substring(0, Math.min(2000, body.length())));
            }
            Thread.sleep(1000);
        }
    }

    /** The form's post, with the token, ready for more headers (e.g. {@code X-Forwarded-For}). */
    public HttpRequest.Builder post(String email, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(login)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(email, password) + "&" + parameter + "="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8)));
        if (sessionCookie != null) {
            request.header("Cookie", sessionCookie);
        }
        return request;
    }

    /** The same form without its token, as another site would post it. */
    public static String form(String email, String password) {
        return "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    }

    private static String meta(String html, String name) {
        Matcher m = Pattern.compile("<meta name=\"" + name + "\" content=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("No meta " + name + " in the sign-in page");
        }
        return m.group(1);
    }
}
