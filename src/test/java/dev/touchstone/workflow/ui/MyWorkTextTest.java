package dev.touchstone.workflow.ui;

import dev.touchstone.workflow.AnnotatorHome;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What My work and the project page say in words: whose pause it is, the gold figure, sub-second medians. */
class MyWorkTextTest {

    private static AnnotatorHome.Standing standing(boolean paused, String reason, boolean projectPaused,
                                                   Double gold) {
        return new AnnotatorHome.Standing(UUID.randomUUID(), "Pick and place", 40, gold == null ? 0 : 6, gold, 40,
                paused, reason, projectPaused);
    }

    @Test
    void theAnnotatorsOwnPauseIsNotCalledTheProjects() {
        assertThat(MyWorkView.status(standing(true, "Gold accuracy 40% over 6 gold tasks is below the project's 70%",
                false, null))).isEqualTo("You are paused on this project: Gold accuracy 40% over 6 gold tasks is"
                + " below the project's 70%");
        assertThat(MyWorkView.status(standing(false, null, true, null)))
                .isEqualTo("Project paused: it gives out no work for now");
        assertThat(MyWorkView.status(standing(false, null, false, null))).isEqualTo("Active");
    }

    @Test
    void goldAccuracySaysWhatItCovers() {
        assertThat(MyWorkView.gold(standing(false, null, false, null))).isEqualTo("–");
        assertThat(MyWorkView.gold(standing(false, null, false, 0.8333))).isEqualTo(
                "83% (6 gold tasks in your first 40 submissions)");
        assertThat(MyWorkView.QUEUE_ORDER).startsWith("Start labeling opens returned work first, then the task you"
                + " have open, then a new task.");
    }

    @Test
    void aSubSecondMedianIsNotShownAsZero() {
        assertThat(ProjectFormat.duration(0.021)).isEqualTo("under 1 s");
        assertThat(ProjectFormat.duration(null)).isEqualTo("–");
        assertThat(ProjectFormat.duration(12.4)).isEqualTo("12 s");
    }
}
