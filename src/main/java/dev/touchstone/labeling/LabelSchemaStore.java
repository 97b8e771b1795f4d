package dev.touchstone.labeling;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.UUID;

/**
 * System access to label schemas, outside any member's session (demo seeding). Members go through
 * {@link LabelSchemaService}.
 */
@Component
public class LabelSchemaStore {

    private final LabelSchemaRepository repository;

    LabelSchemaStore(LabelSchemaRepository repository) {
        this.repository = repository;
    }

    /** Gives an organization without schemas the humanoid-manipulation starter schema; true when it was added. */
    @Transactional
    public boolean ensureStarter(UUID organizationId) {
        if (repository.hasSchemas(organizationId)) {
            return false;
        }
        LabelSchema starter = LabelSchemaJson.humanoidStarter();
        UUID schemaId = repository.insertSchema(organizationId, starter.name(), null);
        repository.insertVersion(organizationId, schemaId, 1, LabelSchemaJson.write(starter),
                starter.definitions().size(), null);
        return true;
    }

    /**
     * Gives an organization the "Sim-to-real gaps" schema (gap labels over real episodes with simulated twins) unless
     * it has a schema of that name; true when it was added.
     */
    @Transactional
    public boolean ensureSimToRealGaps(UUID organizationId) {
        LabelSchema gaps = LabelSchemaJson.simToRealGaps();
        if (repository.nameTaken(organizationId, gaps.name(), null)) {
            return false;
        }
        UUID schemaId = repository.insertSchema(organizationId, gaps.name(), null);
        repository.insertVersion(organizationId, schemaId, 1, LabelSchemaJson.write(gaps), gaps.definitions().size(),
                null);
        return true;
    }
}
