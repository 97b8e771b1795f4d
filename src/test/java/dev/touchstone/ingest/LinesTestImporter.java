package dev.touchstone.ingest;

import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.signal.SignalChannel;
import org.springframework.stereotype.Component;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A test-only format that exercises the import job machinery (queue, progress, cancel, atomicity) independently
 * of the real formats: a {@code .tslines} file holds a header line with channel names, then one sample per line
 * ({@code t_ns,v1,v2,...}). A line {@code slow} makes the importer pause with checkpoints so a test can cancel;
 * {@code pause} pauses for 2 s; {@code die} kills the import's thread with an {@link Error}, as close to a dying
 * process as one JVM gets (nothing the runner catches, no report written).
 */
@Component
class LinesTestImporter implements EpisodeImporter {

    @Override
    public String format() {
        return "test-lines";
    }

    @Override
    public boolean accepts(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".tslines");
    }

    @Override
    public List<EpisodeSource> episodes(Path path) throws IOException {
        String name = path.getFileName().toString().replace(".tslines", "");
        return List.of(new EpisodeSource(path, path.getFileName().toString(), name, "", Files.size(path)));
    }

    @Override
    public void read(EpisodeSource episode, EpisodeRecorder recorder, ImportProgress progress) throws IOException {
        String file = episode.displayPath();
        recorder.describe(EpisodeDescription.of(episode.name(), file, format()).withRobot("test-bot"));
        try (BufferedReader in = Files.newBufferedReader(episode.path())) {
            String header = in.readLine();
            if (header == null || header.isBlank()) {
                throw new ImportFormatException(file, "the file is empty (expected a header line of channel names)");
            }
            List<SignalChannel> channels = java.util.Arrays.stream(header.split(","))
                    .map(c -> new SignalChannel(c.trim(), "rad")).toList();
            EpisodeRecorder.SignalStreamWriter signal = recorder.signal("joints", new StreamSource(file, "lines"),
                    channels);
            String line;
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.equals("die")) {
                    throw new SimulatedCrash();
                }
                if (line.equals("pause")) {
                    for (int i = 0; i < 40; i++) {
                        progress.checkpoint(0.5, "pausing on line " + number);
                        sleep();
                    }
                    continue;
                }
                if (line.equals("slow")) {
                    for (int i = 0; i < 600; i++) {
                        progress.checkpoint(0.5, "waiting on line " + number);
                        sleep();
                    }
                    continue;
                }
                String[] parts = line.split(",");
                if (parts.length != channels.size() + 1) {
                    throw new ImportFormatException(file, "line " + number + " has " + (parts.length - 1)
                            + " values for " + channels.size() + " channels");
                }
                double[] values = new double[channels.size()];
                for (int c = 0; c < values.length; c++) {
                    values[c] = Double.parseDouble(parts[c + 1]);
                }
                signal.append(Long.parseLong(parts[0]), values);
                progress.checkpoint(0.1, "line " + number);
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportCancelledException();
        }
    }

    /** Stands for the process dying under the import. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash of the import's runner (test)");
        }
    }
}
