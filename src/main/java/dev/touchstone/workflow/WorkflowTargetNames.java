package dev.touchstone.workflow;

import dev.touchstone.audit.AuditTargetNames;
import dev.touchstone.organization.CurrentOrganization;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;

/**
 * Names the workflow's audit targets: a project by its name, a task by its episode (and window) and project, an
 * assignment by its episode and annotator.
 */
@Component
class WorkflowTargetNames implements AuditTargetNames {

    private final WorkflowRepository repository;
    private final CurrentOrganization current;

    WorkflowTargetNames(WorkflowRepository repository, CurrentOrganization current) {
        this.repository = repository;
        this.current = current;
    }

    @Override
    public Set<String> targetTypes() {
        return Set.of("project", "task", "assignment");
    }

    @Override
    public Map<String, String> names(String targetType, Set<String> ids) {
        return repository.targetNames(current.id(), targetType, ids);
    }
}
