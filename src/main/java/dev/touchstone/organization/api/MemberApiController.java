package dev.touchstone.organization.api;

import dev.touchstone.common.ApiProblem;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.Member;
import dev.touchstone.organization.MemberService;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.Organization;
import dev.touchstone.organization.Role;
import dev.touchstone.organization.TouchstoneUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * JSON view of the signed-in member and of their organization's members. Ids of other organizations answer 404,
 * exactly like ids that do not exist.
 */
@RestController
@RequestMapping("/api/v1")
class MemberApiController {

    record Me(UUID userId, String email, String displayName, Organization organization, Set<Role> roles) {
    }

    private final CurrentOrganization current;
    private final MemberService members;

    MemberApiController(CurrentOrganization current, MemberService members) {
        this.current = current;
        this.members = members;
    }

    @GetMapping("/me")
    Me me() {
        TouchstoneUser me = current.requireUser();
        return new Me(me.userId(), me.email(), me.displayName(), me.organization(), me.roles());
    }

    @GetMapping("/organizations/{organizationId}/members")
    List<Member> members(@PathVariable UUID organizationId) {
        requireCurrent(organizationId);
        return members.members();
    }

    @GetMapping("/organizations/{organizationId}/members/{userId}")
    Member member(@PathVariable UUID organizationId, @PathVariable UUID userId) {
        requireCurrent(organizationId);
        return members.member(userId).orElseThrow(() -> new NotFoundInOrganizationException("Member"));
    }

    private void requireCurrent(UUID organizationId) {
        if (!current.id().equals(organizationId)) {
            throw new NotFoundInOrganizationException("Organization");
        }
    }

    @ExceptionHandler(NotFoundInOrganizationException.class)
    ResponseEntity<Map<String, Object>> notFound(NotFoundInOrganizationException e) {
        return ApiProblem.response(HttpStatus.NOT_FOUND, e.getMessage());
    }
}
