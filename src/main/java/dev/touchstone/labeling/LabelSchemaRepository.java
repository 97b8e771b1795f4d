package dev.touchstone.labeling;

import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.LABEL_SCHEMA;
import static dev.touchstone.db.Tables.LABEL_SCHEMA_VERSION;

/** Label schemas and their versions; every query filters by organization. */
@Repository
class LabelSchemaRepository {

    private final DSLContext dsl;

    LabelSchemaRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    boolean nameTaken(UUID organizationId, String name, UUID exceptSchemaId) {
        var condition = LABEL_SCHEMA.ORGANIZATION_ID.eq(organizationId)
                .and(DSL.lower(LABEL_SCHEMA.NAME).eq(name.toLowerCase()));
        if (exceptSchemaId != null) {
            condition = condition.and(LABEL_SCHEMA.ID.ne(exceptSchemaId));
        }
        return dsl.fetchExists(LABEL_SCHEMA, condition);
    }

    boolean hasSchemas(UUID organizationId) {
        return dsl.fetchExists(LABEL_SCHEMA, LABEL_SCHEMA.ORGANIZATION_ID.eq(organizationId));
    }

    UUID insertSchema(UUID organizationId, String name, UUID createdBy) {
        return dsl.insertInto(LABEL_SCHEMA, LABEL_SCHEMA.ORGANIZATION_ID, LABEL_SCHEMA.NAME, LABEL_SCHEMA.CREATED_BY)
                .values(organizationId, name, createdBy).returning(LABEL_SCHEMA.ID).fetchSingle(LABEL_SCHEMA.ID);
    }

    void renameSchema(UUID organizationId, UUID schemaId, String name) {
        dsl.update(LABEL_SCHEMA).set(LABEL_SCHEMA.NAME, name)
                .where(LABEL_SCHEMA.ORGANIZATION_ID.eq(organizationId).and(LABEL_SCHEMA.ID.eq(schemaId))).execute();
    }

    /** Locks the schema row so that two saves of the same schema take turns. */
    boolean lockSchema(UUID organizationId, UUID schemaId) {
        return dsl.selectOne().from(LABEL_SCHEMA)
                .where(LABEL_SCHEMA.ORGANIZATION_ID.eq(organizationId).and(LABEL_SCHEMA.ID.eq(schemaId)))
                .forUpdate().fetchOptional().isPresent();
    }

    UUID insertVersion(UUID organizationId, UUID schemaId, int version, String document, int definitions,
                       UUID createdBy) {
        return dsl.insertInto(LABEL_SCHEMA_VERSION, LABEL_SCHEMA_VERSION.ORGANIZATION_ID,
                        LABEL_SCHEMA_VERSION.SCHEMA_ID, LABEL_SCHEMA_VERSION.VERSION, LABEL_SCHEMA_VERSION.DOCUMENT,
                        LABEL_SCHEMA_VERSION.DEFINITIONS, LABEL_SCHEMA_VERSION.CREATED_BY)
                .values(organizationId, schemaId, version, JSONB.valueOf(document), definitions, createdBy)
                .returning(LABEL_SCHEMA_VERSION.ID).fetchSingle(LABEL_SCHEMA_VERSION.ID);
    }

    /** Replaces the document of a version nobody uses yet; false when it is (or just became) in use. */
    boolean updateUnusedVersion(UUID organizationId, UUID versionId, String document, int definitions) {
        return dsl.update(LABEL_SCHEMA_VERSION)
                .set(LABEL_SCHEMA_VERSION.DOCUMENT, JSONB.valueOf(document))
                .set(LABEL_SCHEMA_VERSION.DEFINITIONS, definitions)
                .set(LABEL_SCHEMA_VERSION.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(LABEL_SCHEMA_VERSION.ORGANIZATION_ID.eq(organizationId)
                        .and(LABEL_SCHEMA_VERSION.ID.eq(versionId))
                        .and(LABEL_SCHEMA_VERSION.IN_USE_SINCE.isNull()))
                .execute() == 1;
    }

    boolean markInUse(UUID organizationId, UUID versionId) {
        return dsl.update(LABEL_SCHEMA_VERSION)
                .set(LABEL_SCHEMA_VERSION.IN_USE_SINCE, DSL.coalesce(LABEL_SCHEMA_VERSION.IN_USE_SINCE,
                        DSL.currentOffsetDateTime()))
                .where(LABEL_SCHEMA_VERSION.ORGANIZATION_ID.eq(organizationId)
                        .and(LABEL_SCHEMA_VERSION.ID.eq(versionId)))
                .execute() == 1;
    }

    List<SchemaSummary> summaries(UUID organizationId) {
        return summaries(organizationId, DSL.noCondition(), List.of(DSL.lower(LABEL_SCHEMA.NAME)), Integer.MAX_VALUE);
    }

    /** A page of the schemas by id (ids are time-ordered UUIDv7, so: oldest first), after the given one or none. */
    List<SchemaSummary> summariesAfter(UUID organizationId, UUID afterId, int limit) {
        return summaries(organizationId, afterId == null ? DSL.noCondition() : LABEL_SCHEMA.ID.gt(afterId),
                List.of(LABEL_SCHEMA.ID), limit);
    }

    private List<SchemaSummary> summaries(UUID organizationId, org.jooq.Condition condition,
                                          List<? extends org.jooq.OrderField<?>> order, int limit) {
        var latest = dsl.select(LABEL_SCHEMA_VERSION.SCHEMA_ID, DSL.max(LABEL_SCHEMA_VERSION.VERSION).as("v"))
                .from(LABEL_SCHEMA_VERSION).where(LABEL_SCHEMA_VERSION.ORGANIZATION_ID.eq(organizationId))
                .groupBy(LABEL_SCHEMA_VERSION.SCHEMA_ID).asTable("latest");
        return dsl.select(LABEL_SCHEMA.ID, LABEL_SCHEMA.NAME, LABEL_SCHEMA_VERSION.ID, LABEL_SCHEMA_VERSION.VERSION,
                        LABEL_SCHEMA_VERSION.DEFINITIONS, LABEL_SCHEMA_VERSION.IN_USE_SINCE,
                        LABEL_SCHEMA_VERSION.UPDATED_AT)
                .from(LABEL_SCHEMA)
                .join(latest).on(latest.field(LABEL_SCHEMA_VERSION.SCHEMA_ID).eq(LABEL_SCHEMA.ID))
                .join(LABEL_SCHEMA_VERSION).on(LABEL_SCHEMA_VERSION.SCHEMA_ID.eq(LABEL_SCHEMA.ID)
                        .and(LABEL_SCHEMA_VERSION.VERSION.eq(latest.field("v", Integer.class))))
                .where(LABEL_SCHEMA.ORGANIZATION_ID.eq(organizationId), condition)
                .orderBy(order)
                .limit(limit)
                .fetch(r -> new SchemaSummary(r.get(LABEL_SCHEMA.ID), r.get(LABEL_SCHEMA.NAME),
                        r.get(LABEL_SCHEMA_VERSION.ID), r.get(LABEL_SCHEMA_VERSION.VERSION),
                        r.get(LABEL_SCHEMA_VERSION.DEFINITIONS), r.get(LABEL_SCHEMA_VERSION.IN_USE_SINCE) != null,
                        r.get(LABEL_SCHEMA_VERSION.UPDATED_AT)));
    }

    Optional<SchemaVersion> version(UUID organizationId, UUID versionId) {
        return dsl.selectFrom(LABEL_SCHEMA_VERSION).where(LABEL_SCHEMA_VERSION.ORGANIZATION_ID.eq(organizationId)
                .and(LABEL_SCHEMA_VERSION.ID.eq(versionId))).fetchOptional().map(LabelSchemaRepository::toVersion);
    }

    Optional<SchemaVersion> latestVersion(UUID organizationId, UUID schemaId) {
        return dsl.selectFrom(LABEL_SCHEMA_VERSION).where(LABEL_SCHEMA_VERSION.ORGANIZATION_ID.eq(organizationId)
                        .and(LABEL_SCHEMA_VERSION.SCHEMA_ID.eq(schemaId)))
                .orderBy(LABEL_SCHEMA_VERSION.VERSION.desc()).limit(1).fetchOptional()
                .map(LabelSchemaRepository::toVersion);
    }

    List<SchemaVersion> versions(UUID organizationId, UUID schemaId) {
        return dsl.selectFrom(LABEL_SCHEMA_VERSION).where(LABEL_SCHEMA_VERSION.ORGANIZATION_ID.eq(organizationId)
                        .and(LABEL_SCHEMA_VERSION.SCHEMA_ID.eq(schemaId)))
                .orderBy(LABEL_SCHEMA_VERSION.VERSION.desc()).fetch().map(LabelSchemaRepository::toVersion);
    }

    private static SchemaVersion toVersion(Record r) {
        return new SchemaVersion(r.get(LABEL_SCHEMA_VERSION.ID), r.get(LABEL_SCHEMA_VERSION.SCHEMA_ID),
                r.get(LABEL_SCHEMA_VERSION.VERSION), LabelSchemaJson.read(r.get(LABEL_SCHEMA_VERSION.DOCUMENT).data()),
                r.get(LABEL_SCHEMA_VERSION.IN_USE_SINCE) != null, r.get(LABEL_SCHEMA_VERSION.CREATED_AT),
                r.get(LABEL_SCHEMA_VERSION.UPDATED_AT));
    }
}
