package dev.touchstone.organization;

import java.util.Set;

/** What an admin enters to add a person to the organization (a new account, or an existing one by e-mail). */
public record NewMember(String email, String displayName, Set<Role> roles) {
}
