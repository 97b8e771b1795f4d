package dev.touchstone.curation.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.data.binder.Binder;
import dev.touchstone.curation.EpisodePair;
import dev.touchstone.curation.EpisodePairExistsException;
import dev.touchstone.curation.EpisodePairs;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeFilter;
import dev.touchstone.dataset.EpisodeRow;
import dev.touchstone.organization.NotFoundInOrganizationException;

import java.util.Objects;
import java.util.UUID;

/**
 * Pairs two episodes by hand: the kind and the two episodes (searched by name in the dataset). A {@link Binder}
 * states the service's rules that a form can see (both episodes chosen, not the same one); what only the service
 * knows (a pair that exists, a real episode on the sim side) is shown on the second episode with its reason.
 */
class PairForm extends FormLayout {

    /** What the fields edit. */
    static final class Draft {
        String kind = EpisodePair.SIM_REAL;
        EpisodeRow first;
        EpisodeRow second;
    }

    final Select<String> kind = new Select<>();
    final ComboBox<EpisodeRow> first = new ComboBox<>();
    final ComboBox<EpisodeRow> second = new ComboBox<>();
    final Button pair = new Button("Pair");

    private final Binder<Draft> binder = new Binder<>();
    private final EpisodePairs pairs;
    private final UUID datasetId;
    private final Runnable paired;

    /** @param paired called after a pair was made (the page refreshes its list) */
    PairForm(EpisodePairs pairs, DatasetService datasets, UUID datasetId, Runnable paired) {
        this.pairs = pairs;
        this.datasetId = datasetId;
        this.paired = paired;
        kind.setId("pair-kind");
        kind.setLabel("Kind");
        kind.setItems(EpisodePair.KINDS);
        kind.setItemLabelGenerator(PairForm::kindLabel);
        for (ComboBox<EpisodeRow> episode : java.util.List.of(first, second)) {
            episode.setItems(query -> datasets.episodes(datasetId,
                    new EpisodeFilter(query.getFilter().orElse(null), null, null, null, null), query.getOffset(),
                    Math.min(query.getLimit(), 1000)).stream());
            episode.setItemLabelGenerator(EpisodeRow::name);
            episode.setClearButtonVisible(true);
        }
        first.setId("pair-first");
        second.setId("pair-second");
        kind.addValueChangeListener(e -> labels(e.getValue()));
        labels(EpisodePair.SIM_REAL);
        binder.forField(kind).asRequired("Choose a kind").bind(d -> d.kind, (d, v) -> d.kind = v);
        binder.forField(first).asRequired("Choose an episode").bind(d -> d.first, (d, v) -> d.first = v);
        binder.forField(second).asRequired("Choose an episode")
                .withValidator(v -> first.getValue() == null || !Objects.equals(v.id(), first.getValue().id()),
                        "An episode cannot be paired with itself")
                .bind(d -> d.second, (d, v) -> d.second = v);
        binder.readBean(new Draft());
        pair.setId("pair-episodes");
        pair.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        pair.addClickListener(click -> pair());
        add(kind, first, second, pair);
    }

    /** Makes the pair only from a valid form; otherwise the binder has marked the fields and nothing is sent. */
    private void pair() {
        Draft draft = new Draft();
        if (!binder.writeBeanIfValid(draft)) {
            return;
        }
        try {
            pairs.create(datasetId, draft.kind, draft.first.id(), draft.second.id(), null, 0);
        } catch (EpisodePairExistsException | IllegalArgumentException | NotFoundInOrganizationException e) {
            second.setInvalid(true);
            second.setErrorMessage(e.getMessage());
            return;
        }
        binder.readBean(new Draft());
        paired.run();
    }

    private void labels(String kind) {
        String k = kind == null ? EpisodePair.SIM_REAL : kind;
        first.setLabel(switch (k) {
            case EpisodePair.SIM_REAL -> "Simulated episode";
            case EpisodePair.ROLLOUT_DEMO -> "Policy rollout";
            default -> "First take";
        });
        second.setLabel(switch (k) {
            case EpisodePair.SIM_REAL -> "Real episode";
            case EpisodePair.ROLLOUT_DEMO -> "Demonstration";
            default -> "Second take";
        });
    }

    static String kindLabel(String kind) {
        return switch (kind) {
            case EpisodePair.SIM_REAL -> "Sim and real";
            case EpisodePair.ROLLOUT_DEMO -> "Rollout and demonstration";
            case EpisodePair.TAKES -> "Two takes";
            default -> kind;
        };
    }
}
