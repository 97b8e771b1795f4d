package dev.touchstone.shell.api;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CSRF token of the signed-in session, for API clients that are not a Vaadin page (scripts, tests, a workspace
 * loaded without the bootstrap page's {@code _csrf} meta tags). Every POST to {@code /api/**} sends it in
 * {@code headerName}. It is the same token the pages get (one {@code CsrfTokenRepository}, the session), masked
 * afresh on every read as Spring Security does against BREACH; any masked copy is valid until sign-out.
 */
@RestController
class CsrfApiController {

    record CsrfHeader(String headerName, String parameterName, String token) {
    }

    @GetMapping("/api/v1/csrf")
    CsrfHeader csrf(CsrfToken token) {
        return new CsrfHeader(token.getHeaderName(), token.getParameterName(), token.getToken());
    }
}
