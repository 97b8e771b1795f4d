package dev.touchstone.release;

import dev.touchstone.audit.AuditTargetNames;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Names "release" audit targets as people know them: project and version. */
@Component
class ReleaseTargetNames implements AuditTargetNames {

    private final ReleaseService releases;

    ReleaseTargetNames(ReleaseService releases) {
        this.releases = releases;
    }

    @Override
    public Set<String> targetTypes() {
        return Set.of("release");
    }

    @Override
    public Map<String, String> names(String targetType, Set<String> ids) {
        return releases.releases().stream().filter(r -> ids.contains(r.id().toString()))
                .collect(Collectors.toMap(r -> r.id().toString(), r -> r.projectName() + " " + r.version()));
    }
}
