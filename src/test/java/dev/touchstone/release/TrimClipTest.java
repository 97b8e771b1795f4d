package dev.touchstone.release;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Labels clipped to a trim [10, 20) by their JSON shape: spans cut or dropped, instants kept only inside, a track's
 * keyframes outside dropped (and the track when none is left), an episode-wide value kept, a value of a dropped phase
 * dropped with it.
 */
class TrimClipTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void everyLabelShapeIsClippedToTheTrim() {
        String labels = """
                [{"kind":"phase","id":"p1","start":0,"end":15},
                 {"kind":"phase","id":"p2","start":15,"end":30},
                 {"kind":"phase","id":"p3","start":0,"end":10},
                 {"kind":"phase","id":"p4","start":20,"end":25},
                 {"kind":"event","id":"e1","time":9},
                 {"kind":"event","id":"e2","time":10},
                 {"kind":"event","id":"e3","time":20},
                 {"kind":"box2d","id":"b1","keyframes":[{"time":5},{"time":12},{"time":25}]},
                 {"kind":"box2d","id":"b2","keyframes":[{"time":25}]},
                 {"kind":"value","id":"v1","segment":null,"accept":true},
                 {"kind":"value","id":"v2","segment":"p3","classes":["a"]},
                 {"kind":"value","id":"v3","segment":"p1","classes":["b"]}]""";
        JsonNode out = json.readTree(TrimClip.labels(json, labels, 10, 20));
        assertThat(out.toString()).isEqualTo(json.readTree("""
                [{"kind":"phase","id":"p1","start":10,"end":15},
                 {"kind":"phase","id":"p2","start":15,"end":20},
                 {"kind":"event","id":"e2","time":10},
                 {"kind":"box2d","id":"b1","keyframes":[{"time":12}]},
                 {"kind":"value","id":"v1","segment":null,"accept":true},
                 {"kind":"value","id":"v3","segment":"p1","classes":["b"]}]""").toString());
    }

    @Test
    void anItemWithoutATrimIsLeftAsItIs() {
        ReleaseRepository.ItemRow item = new ReleaseRepository.ItemRow(java.util.UUID.randomUUID(),
                java.util.UUID.randomUUID(), "e", null, null, "[{\"kind\":\"event\",\"id\":\"e\",\"time\":1}]", null,
                "{}", "[]", false, null, null, null);
        assertThat(TrimClip.clip(json, item)).isSameAs(item);
    }
}
