package dev.touchstone.apitoken;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a token may do, as the requests it may make. A token authenticates nothing outside its scopes: any other path
 * or method is refused before the token is even looked up.
 */
public enum ApiTokenScope {

    /** Read-only access to releases: list, read, progress, report and file downloads (GET and HEAD). */
    RELEASES_READ("releases:read", "/api/v1/releases/**", HttpMethod.GET, HttpMethod.HEAD),

    /**
     * Posting a model's predictions for a project's episode (POST only). The request still needs a member who may
     * manage projects (admin, project manager): the scope lets the token make the request, the role lets it store.
     */
    PREDICTIONS_WRITE("predictions:write", "/api/v1/projects/*/episodes/*/predictions", HttpMethod.POST);

    private final String key;
    private final RequestMatcher requests;

    ApiTokenScope(String key, String pathPattern, HttpMethod... methods) {
        this.key = key;
        this.requests = new OrRequestMatcher(Arrays.stream(methods)
                .map(method -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(method, pathPattern))
                .toList());
    }

    /** The name stored with a token and shown to people: {@code releases:read}, {@code predictions:write}. */
    public String key() {
        return key;
    }

    /** What the scope lets a token do, for the token dialog. */
    public String description() {
        return switch (this) {
            case RELEASES_READ -> "list, read and download releases";
            case PREDICTIONS_WRITE -> "post a model's predictions for a project's episodes (admins and project"
                    + " managers)";
        };
    }

    public boolean allows(HttpServletRequest request) {
        return requests.matches(request);
    }

    public static Optional<ApiTokenScope> of(String key) {
        return Arrays.stream(values()).filter(scope -> scope.key.equals(key)).findFirst();
    }
}
