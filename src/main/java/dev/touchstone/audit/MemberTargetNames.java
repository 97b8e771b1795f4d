package dev.touchstone.audit;

import dev.touchstone.organization.Member;
import dev.touchstone.organization.MemberService;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Names "user" targets (sign-ins, role changes) by the member's display name and e-mail, from the member list. */
@Component
class MemberTargetNames implements AuditTargetNames {

    private final MemberService members;

    MemberTargetNames(MemberService members) {
        this.members = members;
    }

    @Override
    public Set<String> targetTypes() {
        return Set.of("user");
    }

    @Override
    public Map<String, String> names(String targetType, Set<String> ids) {
        return members.members().stream().filter(m -> ids.contains(m.userId().toString()))
                .collect(Collectors.toMap(m -> m.userId().toString(), MemberTargetNames::name));
    }

    private static String name(Member m) {
        return m.displayName() == null || m.displayName().isBlank() ? m.email()
                : m.displayName() + " <" + m.email() + ">";
    }
}
