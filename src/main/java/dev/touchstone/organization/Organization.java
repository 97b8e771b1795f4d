package dev.touchstone.organization;

import java.util.UUID;

public record Organization(UUID id, String slug, String name) implements java.io.Serializable {
}
