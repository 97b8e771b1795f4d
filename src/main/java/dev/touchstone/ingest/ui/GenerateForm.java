package dev.touchstone.ingest.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.data.binder.Binder;
import dev.touchstone.ingest.ImportService;

/**
 * "Generate synthetic episodes" on the import page: how many and from which seed. A {@link Binder} checks the count
 * against {@link ImportService#generate}'s range before anything is queued.
 */
class GenerateForm extends HorizontalLayout {

    /** What to generate once the form is valid. */
    interface Start {
        void generate(int episodes, long seed);
    }

    /** What the fields edit. */
    static final class Request {
        Integer episodes = 3;
        Integer seed = 1;
    }

    final IntegerField count = new IntegerField("Synthetic episodes");
    final IntegerField seed = new IntegerField("Seed");
    final Button generate = new Button("Generate");

    private final Binder<Request> binder = new Binder<>();
    private final Request request = new Request();

    GenerateForm(Start start) {
        count.setId("generate-count");
        count.setMin(1);
        count.setMax(ImportService.MAX_GENERATED_EPISODES);
        count.setStepButtonsVisible(true);
        seed.setId("generate-seed");
        // The fields' own min/max checks would answer first with an empty message; the validators say it in words.
        binder.setDefaultValidatorsEnabled(false);
        binder.forField(count).asRequired(ImportService.GENERATE_RANGE)
                .withValidator(n -> n >= 1 && n <= ImportService.MAX_GENERATED_EPISODES, ImportService.GENERATE_RANGE)
                .bind(r -> r.episodes, (r, v) -> r.episodes = v);
        binder.forField(seed).asRequired("Enter a seed (any whole number; the same seed makes the same episodes)")
                .bind(r -> r.seed, (r, v) -> r.seed = v);
        binder.readBean(request);

        generate.setId("generate-episodes");
        generate.setDisableOnClick(true);
        generate.setTooltipText("Bimanual pick-and-place episodes with cameras, depth, LiDAR, joints, force-torque, "
                + "tactile and IMU, and known phases");
        generate.addClickListener(click -> {
            generate.setEnabled(true);
            if (binder.writeBeanIfValid(request)) {
                start.generate(request.episodes, request.seed);
            }
        });
        add(count, seed, generate);
        setAlignItems(FlexComponent.Alignment.BASELINE);
    }
}
