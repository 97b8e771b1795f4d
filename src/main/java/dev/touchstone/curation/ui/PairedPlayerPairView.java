package dev.touchstone.curation.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.common.RouteIds;
import dev.touchstone.curation.EpisodePair;
import dev.touchstone.curation.EpisodePairs;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.RolesAllowed;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored pair in the paired player, at the pair's offset (an {@code ?offset=} in the address wins, so a link can
 * show another alignment). Who may manage pairs can store the offset on screen as the pair's.
 */
@Route("pairs/:pairId/play")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME})
public class PairedPlayerPairView extends PairedPlayerView {

    private final EpisodePairs pairs;
    private final CurrentOrganization current;

    public PairedPlayerPairView(DatasetService datasets, PairedPlayerTimings timings, EpisodePairs pairs,
                                CurrentOrganization current) {
        super(datasets, timings);
        this.pairs = pairs;
        this.current = current;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<UUID> id = RouteIds.uuid(event, "pairId");
        EpisodePair pair;
        try {
            pair = pairs.pair(id.orElseThrow(() -> new NotFoundInOrganizationException("Episode pair")));
        } catch (NotFoundInOrganizationException e) {
            event.rerouteToError(NotFoundException.class, "No such episode pair");
            return;
        }
        Optional<EpisodeDetail> first = datasets().episode(pair.first());
        Optional<EpisodeDetail> second = datasets().episode(pair.second());
        if (first.isEmpty() || second.isEmpty()) {
            event.rerouteToError(NotFoundException.class, "No such episode");
            return;
        }
        Optional<String> raw = event.getLocation().getQueryParameters().getSingleParameter("offset");
        long offset = pair.offsetNanos();
        String problem = null;
        if (raw.isPresent()) {
            try {
                offset = Long.parseLong(raw.get().trim());
            } catch (NumberFormatException e) {
                problem = "The offset in the address (\"" + raw.get() + "\") is not a whole number of nanoseconds;"
                        + " the pair's stored offset is used.";
            }
        }
        build(first.get(), second.get(), offset, problem);
        addComponentAtIndex(1, pairLine(pair));
    }

    private HorizontalLayout pairLine(EpisodePair pair) {
        Span what = new Span("Pair: " + pair.kind() + (pair.key() == null ? "" : " · key " + pair.key())
                + " · stored offset " + millis(pair.offsetNanos()) + " ms");
        what.setId("pair-summary");
        what.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        HorizontalLayout line = new HorizontalLayout(what);
        line.setPadding(true);
        line.addClassNames(LumoUtility.Padding.Vertical.NONE, LumoUtility.AlignItems.BASELINE);
        if (current.requireUser().may(Ability.MANAGE)) {
            Button save = new Button("Store this offset for the pair", e -> {
                EpisodePair saved = pairs.setOffset(pair.id(), currentOffset());
                what.setText("Pair: " + saved.kind() + (saved.key() == null ? "" : " · key " + saved.key())
                        + " · stored offset " + millis(saved.offsetNanos()) + " ms");
                Notification.show("Stored offset " + millis(saved.offsetNanos()) + " ms for this pair", 3000,
                        Notification.Position.BOTTOM_START).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            });
            save.setId("pair-save-offset");
            line.add(save);
        }
        return line;
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%+.1f", nanos / 1e6);
    }
}
