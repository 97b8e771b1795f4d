package dev.touchstone.common;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorPageTest {

    @Test
    void theExtraRowMakesANextCursorNamingThePagesLastItem() {
        CursorPage<String> page = CursorPage.of(List.of("a", "b", "c"), 2, item -> item);
        assertThat(page.items()).containsExactly("a", "b");
        assertThat(CursorPage.decode(page.nextCursor())).isEqualTo("b");
        assertThat(CursorPage.of(List.of("a", "b"), 2, item -> item).nextCursor()).isNull();
    }

    @Test
    void aCursorThisApiDidNotMakeIsRefused() {
        assertThat(CursorPage.decode(null)).isNull();
        assertThatThrownBy(() -> CursorPage.decode("not base64!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CursorPage.decode("aGVsbG8")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limitsOutsideOneToFiveHundredAreRefused() {
        assertThat(CursorPage.limit(null)).isEqualTo(CursorPage.DEFAULT_LIMIT);
        assertThat(CursorPage.limit(500)).isEqualTo(500);
        assertThatThrownBy(() -> CursorPage.limit(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CursorPage.limit(501)).isInstanceOf(IllegalArgumentException.class);
    }
}
