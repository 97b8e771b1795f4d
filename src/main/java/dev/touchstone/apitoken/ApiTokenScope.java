package dev.touchstone.apitoken;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.touchstone.organization.Ability;
import dev.touchstone.organization.Role;
import dev.touchstone.organization.TouchstoneUser;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a token may do, as the requests it may make. A token authenticates nothing outside its scopes: any other path
 * or method is refused before the token is even looked up.
 */
public enum ApiTokenScope {

    /** Read-only access to releases: list, read, progress, report and file downloads (GET and HEAD). */
    RELEASES_READ("releases:read", List.of("/api/v1/releases/**"), HttpMethod.GET, HttpMethod.HEAD),

    /**
     * Posting a model's predictions for a project's episode (POST only). The request still needs a member who may
     * manage projects (admin, project manager): the scope lets the token make the request, the role lets it store.
     */
    PREDICTIONS_WRITE("predictions:write", List.of("/api/v1/projects/*/episodes/*/predictions"), HttpMethod.POST),

    /**
     * Reading everything the member's role may read under {@code /api/v1} (GET and HEAD): datasets, episodes,
     * schemas, projects, tasks, labels, quality numbers, releases. Every member but a customer.
     */
    READ("read", List.of("/api/v1/**"), HttpMethod.GET, HttpMethod.HEAD),

    /**
     * Writing data: datasets, resumable uploads, imports, episode metadata, episode pairs, label schemas and projects
     * (every method
     * on those paths, so that an uploader can also read an upload's offset and an import's progress, and ask the
     * upload endpoint's tus capabilities with OPTIONS). Admins and
     * project managers.
     */
    DATA_WRITE("data:write", List.of("/api/v1/datasets/**", "/api/v1/uploads/**", "/api/v1/imports/**",
            "/api/v1/episodes/**", "/api/v1/schemas/**", "/api/v1/projects/**", "/api/v1/pairs/**"), HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS),

    /**
     * The labeling loop: claiming work, drafts, heartbeats, submitting, reviewing (every method on those paths).
     * What a call may do still depends on the member's role and assignment. Every member but a customer.
     */
    LABELS_WRITE("labels:write", List.of("/api/v1/work/**", "/api/v1/tasks/**", "/api/v1/drafts/**",
            "/api/v1/assignments/**"), HttpMethod.GET, HttpMethod.HEAD,
            HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE),

    /** Everything under {@code /api/v1}, every method: also webhooks and members. Admins only. */
    ADMIN("admin", List.of("/api/v1/**"), HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

    private final String key;
    private final RequestMatcher requests;

    ApiTokenScope(String key, List<String> pathPatterns, HttpMethod... methods) {
        this.key = key;
        this.requests = new OrRequestMatcher(pathPatterns.stream().flatMap(pattern -> Arrays.stream(methods)
                        .map(method -> (RequestMatcher) PathPatternRequestMatcher.withDefaults()
                                .matcher(method, pattern)))
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
            case READ -> "read everything your role may read: datasets, episodes, projects, tasks, labels, quality";
            case DATA_WRITE -> "create datasets, upload and import episodes, edit episode metadata, schemas and"
                    + " projects (admins and project managers)";
            case LABELS_WRITE -> "claim work, save drafts, submit and review over the API, as your role allows";
            case ADMIN -> "everything under /api/v1, including webhooks (admins)";
        };
    }

    /**
     * Whether a member may give a token this scope: no more than their roles could use. The role is still checked on
     * every call; this keeps a token from promising what it can never do.
     */
    public boolean availableTo(TouchstoneUser member) {
        return switch (this) {
            // An annotator reads no releases: such a token would be refused on every call.
            case RELEASES_READ -> member.roles().stream().anyMatch(role -> role != Role.ANNOTATOR);
            case READ, LABELS_WRITE -> member.roles().stream().anyMatch(role -> role != Role.CUSTOMER);
            case PREDICTIONS_WRITE, DATA_WRITE -> member.may(Ability.MANAGE);
            case ADMIN -> member.hasRole(Role.ADMIN);
        };
    }

    public boolean allows(HttpServletRequest request) {
        return requests.matches(request);
    }

    public static Optional<ApiTokenScope> of(String key) {
        return Arrays.stream(values()).filter(scope -> scope.key.equals(key)).findFirst();
    }
}
