package dev.touchstone.player;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;

import java.util.Objects;
import java.util.UUID;

/**
 * One camera in the player ({@code ts-camera-view}). It receives only the stream's id, name and offset and the
 * media base URL; the browser fetches the frame index and the MP4 itself, never through the Vaadin session.
 */
@Tag("ts-camera-view")
@JsModule("./player/ts-camera-view.ts")
public class CameraView extends Component implements HasSize {

    public CameraView(UUID streamId, String name, long offsetNanos, String mediaBaseUrl) {
        Objects.requireNonNull(streamId, "streamId");
        getElement().setAttribute("stream-id", streamId.toString());
        getElement().setAttribute("name", Objects.requireNonNull(name, "name"));
        getElement().setAttribute("media-base-url", Objects.requireNonNull(mediaBaseUrl, "mediaBaseUrl"));
        getElement().setProperty("offset", (double) offsetNanos);
        getElement().setAttribute("data-stream", streamId.toString());
    }
}
