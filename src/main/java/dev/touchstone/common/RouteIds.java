package dev.touchstone.common;

import com.vaadin.flow.router.BeforeEnterEvent;

import java.util.Optional;
import java.util.UUID;

/** Ids in route parameters: a malformed one is "no such thing" (a 404 page), never an exception. */
public final class RouteIds {

    private RouteIds() {
    }

    public static Optional<UUID> uuid(BeforeEnterEvent event, String parameter) {
        return event.getRouteParameters().get(parameter).flatMap(RouteIds::uuid);
    }

    public static Optional<UUID> uuid(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
