package dev.touchstone.media;

import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.StoredStream;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/**
 * Admins, project managers and QA leads read every stream of their organization. The role and organization rules are
 * the dataset service's own ({@code @PreAuthorize}, organization-scoped query), so the media plane cannot drift from
 * what the episode pages allow. Ordered last so that narrower grants (assignments) are asked first and cheaply.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class ManagerMediaAccess implements MediaAccess {

    private final DatasetService datasets;

    ManagerMediaAccess(DatasetService datasets) {
        this.datasets = datasets;
    }

    @Override
    public Optional<StoredStream> readable(UUID streamId) {
        return datasets.storedStream(streamId);
    }
}
