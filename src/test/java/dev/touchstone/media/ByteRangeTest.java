package dev.touchstone.media;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ByteRangeTest {

    private static ByteRange.Answer parse(String header) {
        return ByteRange.parse(header, 1000);
    }

    @Test
    void singleRangesAreClampedToTheContent() {
        assertThat(parse("bytes=0-99")).isEqualTo(new ByteRange.Partial(new ByteRange(0, 99)));
        assertThat(parse("bytes=900-")).isEqualTo(new ByteRange.Partial(new ByteRange(900, 999)));
        assertThat(parse("bytes=990-5000")).isEqualTo(new ByteRange.Partial(new ByteRange(990, 999)));
        assertThat(parse("bytes=-10")).isEqualTo(new ByteRange.Partial(new ByteRange(990, 999)));
        assertThat(parse("bytes=-5000")).isEqualTo(new ByteRange.Partial(new ByteRange(0, 999)));
        assertThat(parse("bytes=999-999")).isEqualTo(new ByteRange.Partial(new ByteRange(999, 999)));
        assertThat(parse("bytes=0-99999999999999999999999")).isEqualTo(new ByteRange.Partial(new ByteRange(0, 999)));
        assertThat(new ByteRange(10, 19).contentRange(1000)).isEqualTo("bytes 10-19/1000");
        assertThat(new ByteRange(10, 19).length()).isEqualTo(10);
    }

    @Test
    void rangesStartingAtOrPastTheEndAreUnsatisfiable() {
        assertThat(parse("bytes=1000-")).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(parse("bytes=5000-6000")).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(parse("bytes=-0")).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void whatIsNotOneValidByteRangeIsIgnored() {
        for (String header : new String[] {null, "", "items=0-5", "bytes=5-1", "bytes=a-b", "bytes=0-1,5-6",
                "bytes=", "bytes=-", "bytes=1", "bytes= -x"}) {
            assertThat(parse(header)).as(String.valueOf(header)).isInstanceOf(ByteRange.Whole.class);
        }
    }
}
