package dev.touchstone.player;

import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.TouchstoneUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Remembers how each member arranges the player. Everyone who works in the player may keep a layout; customers
 * never see the player. The browser sends the layout as JSON; it is parsed into {@link PlayerLayout} so that only a
 * valid document with known fields is ever stored.
 */
@Service
@PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD', 'ANNOTATOR')")
public class PlayerLayoutService {

    private static final Logger log = LoggerFactory.getLogger(PlayerLayoutService.class);
    static final int MAX_JSON_CHARS = 16_000;

    private final CurrentOrganization current;
    private final PlayerLayoutRepository repository;
    private final JsonMapper json;

    PlayerLayoutService(CurrentOrganization current, PlayerLayoutRepository repository, JsonMapper json) {
        this.current = current;
        this.repository = repository;
        this.json = json.rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES).build();
    }

    /** The signed-in member's layout in this organization, or the default one. */
    @Transactional(readOnly = true)
    public PlayerLayout layout() {
        TouchstoneUser user = current.requireUser();
        return repository.find(user.organization().id(), user.userId()).flatMap(stored -> {
            try {
                return java.util.Optional.of(parse(stored));
            } catch (IllegalArgumentException e) {
                // A document valid under an older rule is not worth an error page: fall back and say so in the log.
                log.warn("Ignoring a stored player layout that is no longer valid: {}", e.getMessage());
                return java.util.Optional.empty();
            }
        }).orElse(PlayerLayout.DEFAULT);
    }

    @Transactional
    public PlayerLayout save(PlayerLayout layout) {
        TouchstoneUser user = current.requireUser();
        repository.save(user.organization().id(), user.userId(), json.writeValueAsString(layout));
        return layout;
    }

    /**
     * Parses a layout sent by the browser.
     *
     * @throws IllegalArgumentException with a one-sentence reason for malformed, oversized or out-of-range input
     */
    public PlayerLayout parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("No layout was sent");
        }
        if (text.length() > MAX_JSON_CHARS) {
            throw new IllegalArgumentException("A layout is at most " + MAX_JSON_CHARS + " characters");
        }
        try {
            PlayerLayout layout = json.readValue(text, PlayerLayout.class);
            if (layout == null) {
                throw new IllegalArgumentException("No layout was sent");
            }
            return layout;
        } catch (JacksonException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new IllegalArgumentException("Not a player layout: " + e.getOriginalMessage(), e);
        }
    }
}
