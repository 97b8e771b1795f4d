package dev.touchstone.workflow.ui;

import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.router.RouteParameters;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.quality.QualityProjects;
import dev.touchstone.workflow.ProjectSettings;
import dev.touchstone.workflow.WorkflowService;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Workflow's projects for quality's Agreement screen ({@link QualityProjects}); role checks are
 * {@link WorkflowService}'s. It lives with workflow's screens because the review a drill-down opens is one of them.
 */
@Component
class WorkflowQualityProjects implements QualityProjects {

    private final WorkflowService workflow;

    WorkflowQualityProjects(WorkflowService workflow) {
        this.workflow = workflow;
    }

    @Override
    public List<QualityProject> projects() {
        return workflow.projects().stream()
                .map(p -> new QualityProject(p.id(), p.name(), p.schemaVersionId(), p.overlap(), p.tasks(),
                        p.completeTasks()))
                .toList();
    }

    @Override
    public QualityTargets targets(UUID projectId) {
        ProjectSettings settings = workflow.settings(projectId);
        Map<LabelType, Double> thresholds = new EnumMap<>(LabelType.class);
        Arrays.stream(LabelType.values()).forEach(type -> thresholds.put(type, settings.threshold(type)));
        return new QualityTargets(thresholds, settings.minGoldAccuracy());
    }

    @Override
    public String reviewLocation(UUID taskId) {
        return RouteConfiguration.forSessionScope().getUrl(ReviewTaskView.class,
                new RouteParameters("taskId", taskId.toString()));
    }
}
