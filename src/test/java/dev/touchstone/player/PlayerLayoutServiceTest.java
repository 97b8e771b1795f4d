package dev.touchstone.player;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The remembered player layout: per member and organization, validated, and closed to customers. */
@TouchstoneSpringTest
class PlayerLayoutServiceTest {

    @Autowired
    SignIn signIn;
    @Autowired
    PlayerLayoutService layouts;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void aSavedLayoutIsWhatTheSameMemberGetsBackAndNobodyElse() {
        signIn.as("qa@acme.test");
        PlayerLayout mine = layouts.parse("""
                {"hidden":["camera:wrist_left","signals","camera:wrist_left"],"split":0.42,"columns":2,"trackLanes":5}""");
        assertThat(mine.hidden()).as("duplicates collapse").containsExactly("camera:wrist_left", "signals");
        layouts.save(mine);
        assertThat(layouts.layout()).isEqualTo(mine);

        layouts.save(new PlayerLayout(List.of(), 0.7, 0, 3));
        assertThat(layouts.layout().split()).as("saving again replaces").isEqualTo(0.7);

        signIn.out();
        signIn.as("pm@acme.test");
        assertThat(layouts.layout()).as("another member starts from the default").isEqualTo(PlayerLayout.DEFAULT);
        signIn.out();
        signIn.as("annotator@globex.test");
        assertThat(layouts.layout()).as("another organization").isEqualTo(PlayerLayout.DEFAULT);
    }

    @Test
    void malformedOrOutOfRangeLayoutsAreRejectedWithTheReason() {
        signIn.as("pm@acme.test");
        assertThatThrownBy(() -> layouts.parse("{\"hidden\":[],\"split\":0.99,\"columns\":0,\"trackLanes\":3}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("split");
        assertThatThrownBy(() -> layouts.parse("{\"hidden\":[],\"split\":0.5,\"columns\":9,\"trackLanes\":3}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Columns");
        assertThatThrownBy(() -> layouts.parse("{\"hidden\":[\"<script>\"],\"split\":0.5,\"columns\":1,\"trackLanes\":3}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a view key");
        assertThatThrownBy(() -> layouts.parse("{\"hidden\":[],\"split\":0.5,\"columns\":1,\"trackLanes\":3,\"x\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a player layout");
        assertThatThrownBy(() -> layouts.parse("{\"hidden\":[]}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> layouts.parse("not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a player layout");
        assertThatThrownBy(() -> layouts.parse("[" + "1,".repeat(9000) + "1]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
        assertThat(layouts.layout()).as("nothing was stored").isEqualTo(PlayerLayout.DEFAULT);
    }

    @Test
    void customersHaveNoPlayerLayout() {
        signIn.as("customer@acme.test");
        assertThatThrownBy(() -> layouts.layout()).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> layouts.save(PlayerLayout.DEFAULT)).isInstanceOf(AccessDeniedException.class);
    }
}
