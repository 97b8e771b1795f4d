package dev.touchstone.release;

import dev.touchstone.labeling.LabelSchema;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.OutputStream;

/**
 * The JSON Lines file of a release (docs/release/formats.md): one line per release item with its accepted labels,
 * the consensus, the agreement, every annotator's version and who accepted it, and each item added to the quality
 * report on the way. The stored JSON (labels, consensus, agreement, versions) is PostgreSQL's own text of checked
 * documents, so it is copied into the line as it is; only agreement and versions are parsed, because the report
 * needs them. One generator writes the whole file: nothing is kept per line.
 */
final class LabelLines implements AutoCloseable {

    private final JsonMapper json;
    private final ReleaseRepository.BuildRow release;
    private final LabelSchema schema;
    private final ReportAccumulator report;
    private final JsonGenerator out;

    LabelLines(JsonMapper json, ReleaseRepository.BuildRow release, LabelSchema schema, ReportAccumulator report,
               OutputStream target) {
        this.json = json;
        this.release = release;
        this.schema = schema;
        this.report = report;
        this.out = json.createGenerator(target);
    }

    void write(ReleaseRepository.ItemRow item) {
        JsonNode agreement = json.readTree(item.agreement());
        JsonNode annotators = ReportAccumulator.versions(json, item.annotators());
        report.add(item.gold(), agreement, annotators);
        out.writeStartObject();
        out.writeName("release");
        out.writeStartObject();
        out.writeStringProperty("id", release.id().toString());
        out.writeStringProperty("version", release.version());
        out.writeEndObject();
        out.writeName("project");
        out.writeStartObject();
        out.writeStringProperty("id", release.projectId().toString());
        out.writeStringProperty("name", release.projectName());
        out.writeEndObject();
        out.writeName("task");
        out.writeStartObject();
        out.writeStringProperty("id", item.taskId().toString());
        out.writeBooleanProperty("gold", item.gold());
        if (item.windowStartNs() != null) {
            out.writeNumberProperty("windowStartNs", item.windowStartNs());
            out.writeNumberProperty("windowEndNs", item.windowEndNs());
        }
        out.writeEndObject();
        out.writeName("episode");
        out.writeStartObject();
        out.writeStringProperty("id", item.episodeId().toString());
        out.writeStringProperty("name", item.episodeName());
        if (item.trimStartNs() != null) {
            out.writeName("trim");
            out.writeStartObject();
            out.writeNumberProperty("startNs", item.trimStartNs());
            out.writeNumberProperty("endNs", item.trimEndNs());
            out.writeEndObject();
        }
        out.writeEndObject();
        out.writeName("schema");
        out.writeStartObject();
        out.writeStringProperty("versionId", release.schemaVersionId().toString());
        out.writeStringProperty("name", schema.name());
        out.writeNumberProperty("version", release.schemaVersion());
        out.writeEndObject();
        out.writeName("labels");
        out.writeRawValue(item.labels());
        out.writeName("consensus");
        if (item.consensus() == null) {
            out.writeNull();
        } else {
            out.writeRawValue(item.consensus());
        }
        out.writeName("agreement");
        out.writeRawValue(item.agreement());
        out.writeName("annotators");
        out.writeRawValue(item.annotators());
        out.writeName("accepted");
        out.writeStartObject();
        out.writeName("by");
        if (item.acceptedBy() == null) {
            out.writeNull();
        } else {
            out.writeStartObject();
            out.writeStringProperty("id", item.acceptedBy().toString());
            out.writeStringProperty("name", item.acceptedByName());
            out.writeEndObject();
        }
        out.writeStringProperty("at", item.acceptedAt() == null ? null : item.acceptedAt().toInstant().toString());
        out.writeEndObject();
        out.writeEndObject();
        out.writeRaw('\n');
    }

    @Override
    public void close() {
        out.close();
    }
}
