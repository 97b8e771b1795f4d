package dev.touchstone.demo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DemoModeTest {

    @ParameterizedTest(name = "TOUCHSTONE_DEMO=''{0}'' with DB URL ''{1}'' -> {2}")
    @CsvSource(delimiter = ';', nullValues = "null", value = {
            "'';      '';                          true",
            "null;    '';                          true",
            "'';      jdbc:postgresql://db/ts;     false",
            "true;    jdbc:postgresql://db/ts;     true",
            "false;   '';                          false",
            "' TRUE'; jdbc:postgresql://db/ts;     true"})
    void onWithTheEmbeddedDatabaseOffWithAnExternalOneUnlessForced(String demo, String url, boolean expected) {
        assertThat(new DemoData(null, null, null, null, demo, url, 0, false, 0).enabled()).isEqualTo(expected);
    }
}
