package dev.touchstone.labeling;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasComponents;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.player.EpisodePlayer;
import org.springframework.security.web.csrf.CsrfToken;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * The labeling workspace ({@code ts-label-workspace}) around a player: it owns the draft's labels in the browser
 * (editing, undo, validation) and saves and submits them itself over {@code /api/v1/drafts} (docs/labeling/api.md),
 * so that autosave keeps working when the Vaadin session is busy or gone. The server hands over the schema and the
 * draft once, as JSON, with the CSRF header the API needs. Work distribution's pages use it for an assignment's
 * draft (with a heartbeat) and for a QA lead's edit of a consensus.
 */
@Tag("ts-label-workspace")
@JsModule("./labeling/ts-label-workspace.ts")
public class LabelWorkspace extends Component implements HasComponents, HasSize {

    static final String DRAFTS_API = "/api/v1/drafts/";

    LabelWorkspace(String schemaJson, String draftJson, String draftUrl, String csrfHeader, String csrfToken) {
        setId("workspace");
        getElement().setProperty("schemaJson", schemaJson);
        getElement().setProperty("draftJson", draftJson);
        getElement().setProperty("draftUrl", draftUrl);
        getElement().setProperty("csrfHeader", csrfHeader);
        getElement().setProperty("csrfToken", csrfToken);
    }

    /** A workspace on this draft, talking to the drafts API of the current request's context path. */
    public static LabelWorkspace forDraft(JsonMapper json, LabelSchema schema, Draft draft) {
        CsrfToken csrf = csrfToken();
        return new LabelWorkspace(json.writeValueAsString(schema), json.writeValueAsString(draft),
                contextPath() + DRAFTS_API + draft.id(), csrf == null ? "" : csrf.getHeaderName(),
                csrf == null ? "" : csrf.getToken());
    }

    /**
     * The workspace around a player, sized to fill the rest of a vertical page: the player takes the keys at once
     * (keyboard first), and the workspace hears what the player leaves.
     */
    public static LabelWorkspace around(EpisodePlayer player, JsonMapper json, LabelSchema schema, Draft draft) {
        player.setSizeFull();
        player.getElement().setAttribute("autofocus", true);
        LabelWorkspace workspace = forDraft(json, schema, draft);
        workspace.add(player);
        workspace.setWidthFull();
        workspace.addClassNames(LumoUtility.Flex.AUTO, LumoUtility.MinHeight.NONE);
        return workspace;
    }

    /** Keeps a lease alive: a POST to {@code path} (below the context path) every {@code seconds} of activity. */
    public LabelWorkspace withHeartbeat(String path, int seconds) {
        getElement().setProperty("heartbeatUrl", contextPath() + path);
        getElement().setProperty("heartbeatSeconds", seconds);
        return this;
    }

    /**
     * Shows these proposals as pre-filled labels marked "proposed" (docs/labeling/workspace.md, "Proposals"): the
     * annotator accepts, adjusts or deletes each, and the autosave records the outcome. Pass what
     * {@link DraftService#offerProposals} recorded for the draft: proposals the draft's outcomes say were acted on
     * are not shown as proposed again. Call it only when the project lets annotators see proposals.
     */
    public LabelWorkspace withProposals(JsonMapper json, List<ProposedLabel> proposals) {
        getElement().setProperty("proposalsJson", json.writeValueAsString(proposals));
        return this;
    }

    private static CsrfToken csrfToken() {
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        return request == null ? null
                : (CsrfToken) request.getHttpServletRequest().getAttribute(CsrfToken.class.getName());
    }

    static String contextPath() {
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        return request == null || request.getContextPath() == null ? "" : request.getContextPath();
    }
}
