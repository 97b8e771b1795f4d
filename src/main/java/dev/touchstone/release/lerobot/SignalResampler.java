package dev.touchstone.release.lerobot;

import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StoredStream;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.dataset.signal.SignalReader;
import dev.touchstone.dataset.signal.SignalSample;
import dev.touchstone.dataset.signal.SignalSamples;
import dev.touchstone.media.BlobChannel;
import dev.touchstone.storage.BlobStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Signals on the frame grid by zero-order hold; the episode's readers stay open while its windows follow. */
final class SignalResampler {

    private final BlobStore blobs;
    private final Map<String, SignalReader> readers = new HashMap<>();
    private final List<BlobChannel> channels = new ArrayList<>();

    SignalResampler(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** One feature's channels on the frame grid, part by part, by zero-order hold; NaN for a stream the episode lacks. */
    float[][] resample(Features.SignalFeature feature, EpisodeDetail detail, Map<UUID, StoredStream> stored,
                       long[] times, Notes notes) throws IOException {
        float[][] out = new float[times.length][feature.width()];
        int offset = 0;
        for (Features.Part part : feature.parts()) {
            resample(part, offset, feature.key(), detail, stored, times, out, notes);
            offset += part.channels().size();
        }
        return out;
    }

    private void resample(Features.Part part, int offset, String key, EpisodeDetail detail,
                          Map<UUID, StoredStream> stored, long[] times, float[][] out, Notes notes)
            throws IOException {
        Optional<StreamInfo> info = Features.stream(detail, part.stream(), StreamKind.SIGNAL, StreamKind.TACTILE);
        if (info.isEmpty() || stored.get(info.get().id()) == null) {
            notes.once("Episode " + detail.episode().name() + " has no stream '" + part.stream() + "'; its "
                    + key + " values are null");
            for (float[] row : out) {
                Arrays.fill(row, offset, offset + part.channels().size(), Float.NaN);
            }
            return;
        }
        SignalReader reader = reader(stored.get(info.get().id()).blobKey());
        for (int c = 0; c < part.channels().size(); c++) {
            int column = reader.channelIndex(part.channels().get(c));
            if (column < 0) {
                for (float[] row : out) {
                    row[offset + c] = Float.NaN;
                }
                continue;
            }
            hold(reader, column, times, out, offset + c);
        }
    }

    private static void hold(SignalReader reader, int column, long[] times, float[][] out, int c) throws IOException {
        float held = Float.NaN;
        Optional<SignalSample> before = reader.valueAt(times[0], column);
        if (before.isPresent() && !Float.isNaN(before.get().value())) {
            held = before.get().value();
        }
        SignalSamples samples = reader.samples(times[0], times[times.length - 1], column);
        int i = 0;
        int firstSet = -1;
        for (int k = 0; k < times.length; k++) {
            while (i < samples.size() && samples.timestamps()[i] <= times[k]) {
                if (!Float.isNaN(samples.values()[i])) {
                    held = samples.values()[i];
                }
                i++;
            }
            out[k][c] = held;
            if (firstSet < 0 && !Float.isNaN(held)) {
                firstSet = k;
            }
        }
        if (firstSet < 0) {
            return; // no sample at or before the last frame: the channel stays null
        }
        for (int k = 0; k < firstSet; k++) {
            out[k][c] = out[firstSet][c];
        }
    }

    private SignalReader reader(String blobKey) throws IOException {
        SignalReader reader = readers.get(blobKey);
        if (reader == null) {
            BlobChannel channel = BlobChannel.open(blobs, blobKey);
            channels.add(channel);
            reader = SignalReader.open(channel);
            readers.put(blobKey, reader);
        }
        return reader;
    }

    void close() throws IOException {
        for (BlobChannel channel : channels) {
            channel.close();
        }
        channels.clear();
        readers.clear();
    }
}
