package dev.touchstone.shell;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.VaadinServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The Content-Security-Policy of every page and of the JSON API (docs/security.md, "Headers").
 * <p>
 * Pages: scripts only from this origin, or inline with this answer's nonce. Vaadin's bootstrap page starts its
 * client with inline scripts; {@link #serviceInit} puts the nonce on every script of that page, and Vaadin's client
 * copies it from there onto the scripts it adds later ({@code window.Vaadin.Flow.nonce}). Two relaxations remain,
 * both because Vaadin Flow cannot work without them:
 * <ul>
 *     <li>{@code script-src 'unsafe-eval'}: the client runs what the server sends ({@code executeJs}, event data
 *     expressions) by constructing functions from strings. Vaadin's only way around it is a hand-kept table of
 *     every such expression of the application and of Vaadin's components, which would break silently.</li>
 *     <li>{@code style-src 'unsafe-inline'}: the page and Vaadin's components add style elements and attributes
 *     without a nonce. Injected CSS cannot run script, and cannot load from or send to another origin either,
 *     because images, fonts and connections are limited to this origin.</li>
 * </ul>
 * The same policy applies in development mode: there too Vaadin serves the page from the same bootstrap (a
 * precompiled bundle from this origin, dev tools over this origin's websocket).
 * <p>
 * JSON API: {@code default-src 'none'; frame-ancestors 'none'}, so that an answer opened as a document runs and
 * loads nothing and cannot be framed. Other answers (scripts, styles, media, Vaadin's UIDL) get no policy: a policy
 * on a subresource has no effect.
 */
@Component
final class ContentSecurityPolicy implements HeaderWriter, VaadinServiceInitListener {

    static final String HEADER = "Content-Security-Policy";

    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private static final String NONCE = ContentSecurityPolicy.class.getName() + ".nonce";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final RequestMatcher API = PathPatternRequestMatcher.withDefaults().matcher("/api/**");

    /** The policy of an HTML page whose inline scripts carry {@code nonce}. */
    static String pagePolicy(String nonce) {
        return String.join("; ",
                "default-src 'self'",
                "script-src 'self' 'nonce-" + nonce + "' 'unsafe-eval'",
                "style-src 'self' 'unsafe-inline'",
                // The components' icons are data: SVG in their CSS; Lumo's icon font is a data: WOFF.
                "img-src 'self' data:",
                "font-src 'self' data:",
                "connect-src 'self'",
                "media-src 'self'",
                // Vaadin's PWA service worker (sw.js); the player has no workers.
                "worker-src 'self'",
                "manifest-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                // No form-action: Chromium applies it to the redirect after a form post too, so behind a proxy that
                // terminates TLS and is not declared trusted (the chart's default) the redirect after signing in,
                // built as http://, would be refused and nobody could sign in.
                "frame-ancestors 'none'");
    }

    /**
     * This request's nonce, made on first use: the header is written when the answer is committed, after Vaadin has
     * built the page, but whichever comes first makes it, and both see the same one.
     */
    static String nonce(HttpServletRequest request) {
        Object nonce = request.getAttribute(NONCE);
        if (nonce == null) {
            byte[] bytes = new byte[18];
            RANDOM.nextBytes(bytes);
            nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            request.setAttribute(NONCE, nonce);
        }
        return (String) nonce;
    }

    @Override
    public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
        if (response.containsHeader(HEADER)) {
            return;
        }
        if (API.matches(request)) {
            response.setHeader(HEADER, API_POLICY);
        } else if (isHtml(response.getContentType())) {
            response.setHeader(HEADER, pagePolicy(nonce(request)));
        }
    }

    private static boolean isHtml(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, "text/html", 0, "text/html".length());
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.addIndexHtmlRequestListener(page -> {
            if (page.getVaadinRequest() instanceof VaadinServletRequest request) {
                page.getDocument().getElementsByTag("script").attr("nonce", nonce(request.getHttpServletRequest()));
            }
        });
    }
}
