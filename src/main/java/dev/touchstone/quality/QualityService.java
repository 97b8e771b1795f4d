package dev.touchstone.quality;

import dev.touchstone.labeling.LabelSchema;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.UUID;

/**
 * The QA dashboard's numbers: agreement per definition, over time, per annotator and per class, and the tasks behind
 * a low number.
 * <p>
 * <b>TEMPORARY STAND-IN (branch wip/dashboard only).</b> This class has the contract of the real quality service,
 * which is built in parallel and replaces this file on merge. Until then it answers from {@link FakeQualityData},
 * made-up numbers derived from the project id and the schema's definitions, so the dashboard screen can be built and
 * tested. Nothing here reads the database.
 */
@Service
public class QualityService {

    private final FakeQualityData fake;

    public QualityService() {
        this.fake = new FakeQualityData();
    }

    /** Everything the dashboard shows of one project, for its schema's definitions. */
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public QualityDashboard dashboard(UUID projectId, LabelSchema schema) {
        return fake.dashboard(projectId, schema);
    }

    /**
     * The merged tasks with the lowest agreement on one definition, lowest first.
     *
     * @param annotatorId only tasks this annotator worked on, their agreement with the consensus; null for all
     */
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public List<LowTask> lowTasks(UUID projectId, String definition, UUID annotatorId, int limit) {
        return fake.lowTasks(projectId, definition, annotatorId, limit);
    }
}
