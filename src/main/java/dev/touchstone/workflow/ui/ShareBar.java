package dev.touchstone.workflow.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;

import java.util.List;

/**
 * A bar split by shares of a total ({@code ts-share-bar}): the browser sizes the parts, so no inline CSS crosses
 * the session. Each part is a {@code .progress-segment} with {@code data-state} = its key; styles.css colours it.
 */
@Tag("ts-share-bar")
@JsModule("./workflow/ts-share-bar.ts")
class ShareBar extends Component implements HasSize {

    /** One part: its key (the {@code data-state} CSS hook), its name in the tooltip and its count. */
    public record Part(String key, String label, int count) {
    }

    ShareBar(List<Part> parts) {
        getElement().setPropertyList("parts", parts);
    }
}
