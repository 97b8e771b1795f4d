package dev.touchstone.organization.ui;

import com.vaadin.flow.component.html.Span;
import dev.touchstone.organization.Role;

import java.util.Set;

final class RoleBadges {

    private RoleBadges() {
    }

    static Span of(Set<Role> roles) {
        Span badges = new Span();
        roles.stream().sorted().forEach(role -> {
            Span badge = new Span(role.label());
            badge.getElement().getThemeList().add("badge pill");
            badges.add(badge);
        });
        return badges;
    }
}
