package dev.touchstone.labeling;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.UUID;

/**
 * One change of a save: put a label (create or replace) or delete one. {@code baseRevision} is the label's revision
 * as the client last saw it (0 for a label it created): when the label changed after that on the server, in another
 * tab, the op is not applied and comes back as a {@link DraftConflict}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({@JsonSubTypes.Type(value = DraftOp.Put.class, name = "put"),
        @JsonSubTypes.Type(value = DraftOp.Delete.class, name = "delete")})
public sealed interface DraftOp {

    UUID labelId();

    long baseRevision();

    record Put(Label label, long baseRevision) implements DraftOp {
        @Override
        public UUID labelId() {
            return label == null ? null : label.id();
        }
    }

    record Delete(UUID labelId, long baseRevision) implements DraftOp {
    }
}
