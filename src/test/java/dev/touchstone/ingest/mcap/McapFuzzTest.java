package dev.touchstone.ingest.mcap;

import dev.touchstone.InMemoryChannel;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.stream.Stream;

/**
 * Feeds arbitrary bytes to the MCAP reader the way an import uses it: open, verify every CRC, read messages in both
 * orders and decode the supported ones. The only acceptable failures are the documented ones, {@link McapException}
 * for the container and {@link DecodeException} for a message; anything else (a NullPointerException, an index out
 * of bounds, an OutOfMemoryError from a length taken on trust) is a reader bug.
 *
 * <p>Without {@code JAZZER_FUZZ=1} this replays the corpus in {@code McapFuzzTestInputs/} as ordinary tests.
 */
class McapFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void openVerifyAndDecode(byte[] bytes) {
        try (McapFile file = McapFile.open(new InMemoryChannel(bytes), "fuzz.mcap")) {
            McapSummary summary = file.summary();
            file.verify();
            for (MessageOrder order : MessageOrder.values()) {
                try (Stream<McapMessage> messages = file.messages(MessageQuery.all().inOrder(order))) {
                    messages.forEach(message -> decode(summary, message));
                }
            }
        } catch (McapException | DecodeException expected) {
            // Documented outcome for a damaged file; its message is what the import report shows.
            if (expected.getMessage() == null || !expected.getMessage().contains("fuzz.mcap")
                    && expected instanceof McapException) {
                throw new AssertionError("an MCAP error that does not name the file", expected);
            }
        } catch (java.io.IOException closing) {
            throw new AssertionError("closing an in-memory channel cannot fail", closing);
        }
    }

    private static void decode(McapSummary summary, McapMessage message) {
        StreamMapping mapping = StreamClassifier.classify(message.channel(), summary.schemaOf(message.channel()));
        if (mapping.isSupported()) {
            DecodedMessage decoded = mapping.decode(message);
            if (decoded instanceof DecodedMessage.PointCloud cloud) {
                TopicStream.Points.convert(cloud);
            }
        }
    }
}
