package dev.touchstone.ingest;

import dev.touchstone.common.WorkFiles;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.EpisodeSummary;
import dev.touchstone.dataset.StreamDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Runs one import job: resolves its source, finds the episodes, and imports each into its own recorder. Each
 * episode is atomic (visible only when complete); a bad episode is reported and the others still import, so a
 * corrupt file among hundreds costs one episode, not the whole import. Cancelling stops at the next checkpoint
 * and discards the episode in progress. An episode the dataset already has from the same recording
 * ({@link SourceKeys}) is skipped unless the owner asked to import everything again; the job's counters are written
 * as each episode commits, and its heartbeat ({@link ImportWatchdog}) while it runs.
 */
@Component
class ImportRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);
    /** How often progress is written (and the cancel flag read) at most. */
    private static final long PROGRESS_INTERVAL_NANOS = 500_000_000L;
    /** Guards against walking a whole disk by mistake. */
    private static final int MAX_FILES = 100_000;
    /** How much of a GENERATOR job's progress bar the generation takes (it reports 0..this itself). */
    static final double GENERATION_SHARE = 0.3;

    private final ImportJobRepository jobs;
    private final ImportSources sources;
    private final EpisodeStore episodes;
    private final List<EpisodeImporter> importers;
    private final ApplicationEventPublisher events;
    private final Optional<GeneratedEpisodes> generator;
    private final ImportWatchdog watchdog;

    ImportRunner(ImportJobRepository jobs, ImportSources sources, EpisodeStore episodes,
                 List<EpisodeImporter> importers, ApplicationEventPublisher events,
                 Optional<GeneratedEpisodes> generator, ImportWatchdog watchdog) {
        this.jobs = jobs;
        this.sources = sources;
        this.episodes = episodes;
        this.importers = List.copyOf(importers);
        this.events = events;
        this.generator = generator;
        this.watchdog = watchdog;
    }

    /** One episode found, with the importer that reads it. */
    record Found(EpisodeImporter importer, EpisodeSource source) {
    }

    void run(UUID jobId) {
        run(jobId, message -> {
        });
    }

    /** Runs the job, telling {@code console} what happens (the command line prints it). */
    void run(UUID jobId, java.util.function.Consumer<String> console) {
        ImportJobRepository.RunnableJob job = start(jobId);
        if (job != null) {
            importEpisodes(job, console);
        }
    }

    /** The job, now RUNNING under this runner's heartbeat; null when there is nothing (more) for this runner. */
    private ImportJobRepository.RunnableJob start(UUID jobId) {
        ImportJobRepository.RunnableJob job = jobs.runnable(jobId).orElse(null);
        if (job == null) {
            log.warn("Import job {} does not exist any more; nothing to run", jobId);
            return null;
        }
        if (job.state().finished()) {
            return null;
        }
        if (job.state() == ImportState.RUNNING) {
            // db-scheduler hands a job back when the replica that ran it stopped sending its own heartbeat. The
            // watchdog has normally marked it interrupted long before; if not, do it now, unless its runner is
            // alive after all (a fresh heartbeat), whose job this is not to touch.
            watchdog.interruptIfStale(job);
            return null;
        }
        if (!jobs.start(jobId)) {
            return null;
        }
        watchdog.started(jobId);
        return job;
    }

    /** What a run has done so far: the counts and notes its row reports, whichever way it ends. */
    private static final class Tally {
        final List<String> notes = new ArrayList<>();
        int done;
        int failed;
        int skipped;
        String firstError;
        boolean cancelled;

        void failed(String message, java.util.function.Consumer<String> console) {
            failed++;
            notes.add("Failed: " + message);
            console.accept("      failed: " + message);
            firstError = firstError == null ? message : firstError;
        }
    }

    private void importEpisodes(ImportJobRepository.RunnableJob job, java.util.function.Consumer<String> console) {
        UUID jobId = job.id();
        Tally tally = new Tally();
        Path work = null;
        try {
            work = Files.createDirectories(episodes.workRoot()).resolve("job-" + jobId);
            Files.createDirectories(work);
            Progress progress = new Progress(jobId, 0, 1);
            progress.checkpoint(0, "Preparing " + job.source());
            List<Path> paths = job.sourceKind() == ImportSourceKind.GENERATOR
                    ? generator.orElseThrow(() -> new IllegalStateException("the episode generator is not available"))
                    .generate(job.source(), work, progress)
                    : sources.resolve(job.organizationId(), job.sourceKind(), job.source(), work);
            // Generating is part of the job's work: the episodes' progress continues from where it left off.
            double base = job.sourceKind() == ImportSourceKind.GENERATOR ? GENERATION_SHARE : 0;
            List<Found> found = discover(paths, tally.notes);
            if (found.isEmpty()) {
                throw new ImportFormatException(job.source(), "no importable recording found (supported: "
                        + supportedFormats() + ")" + (tally.notes.isEmpty() ? "" : "; "
                        + String.join("; ", tally.notes)));
            }
            jobs.total(jobId, found.size());
            for (int i = 0; i < found.size() && !tally.cancelled; i++) {
                importEpisode(job, found, i, base, tally, console);
            }
            finishImported(job, found.size(), tally);
        } catch (ImportCancelledException e) {
            finish(job, ImportState.CANCELLED, "Cancelled before any episode was imported", tally.notes, tally.done,
                    tally.failed, tally.skipped);
        } catch (IOException | RuntimeException e) {
            // A recording's fault (a format error, a refused source) says what is wrong with it; anything else is the
            // server's, and its exception is for the log, not for the job's row.
            boolean recordings = e instanceof IllegalArgumentException
                    || e instanceof IOException && !ImportFailure.isServers(e);
            String error = recordings ? (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    : serversFault(jobId, null, e);
            finish(job, ImportState.FAILED, error, tally.notes, tally.done, tally.failed, tally.skipped);
        } finally {
            // Also when the thread dies of an Error: the heartbeat stops, and the watchdog reports the job
            // interrupted with what it kept.
            watchdog.ended(jobId);
            if (work != null) {
                WorkFiles.deleteTree(work);
            }
            if (tally.done == 0) {
                // Refused, failed or cancelled before any episode was kept: the upload has no further use.
                discardUpload(job);
            }
        }
    }

    /**
     * Imports episode {@code i} of {@code found} (or skips it when already imported); a failure is counted and
     * noted, a cancel sets {@link Tally#cancelled}.
     */
    private void importEpisode(ImportJobRepository.RunnableJob job, List<Found> found, int i, double base,
                               Tally tally, java.util.function.Consumer<String> console) {
        UUID jobId = job.id();
        Found episode = found.get(i);
        String display = episode.source().displayPath();
        Progress episodeProgress = new Progress(jobId, i, found.size(), tally.done, tally.failed, tally.skipped, base);
        try {
            // Generated episodes are new each time; every other recording is known by its content.
            String sourceKey = null;
            if (job.sourceKind() != ImportSourceKind.GENERATOR) {
                episodeProgress.checkpoint(0, "Checking " + display);
                sourceKey = SourceKeys.of(episode.importer().format(), episode.source());
                Optional<String> already = job.skipImported()
                        ? episodes.episodeNameWithSourceKey(job.organizationId(), job.datasetId(), sourceKey)
                        : Optional.empty();
                if (already.isPresent()) {
                    tally.skipped++;
                    tally.notes.add("Skipped " + display + ": already imported (episode '" + already.get() + "')");
                    console.accept("[" + (i + 1) + "/" + found.size() + "] " + display
                            + ": skipped, already imported");
                    jobs.counts(jobId, tally.done, tally.failed, tally.skipped);
                    return;
                }
            }
            try (EpisodeRecorder recorder = episodes.record(job.organizationId(), job.datasetId(), jobId,
                    sourceKey)) {
                console.accept("[" + (i + 1) + "/" + found.size() + "] " + display);
                episodeProgress.checkpoint(0, "Reading " + display);
                episode.importer().read(episode.source(), recorder, episodeProgress);
                episodeProgress.checkpoint(1, "Storing " + display);
                EpisodeSummary summary = recorder.commit();
                tally.done++;
                // At once, not at the next checkpoint: a kill right after must still report this episode.
                jobs.counts(jobId, tally.done, tally.failed, tally.skipped);
                for (String note : summary.notes()) {
                    tally.notes.add(display + ": " + note);
                }
            }
        } catch (ImportCancelledException e) {
            tally.cancelled = true;
        } catch (StreamDataException | IOException | UncheckedIOException e) {
            tally.failed(ImportFailure.isServers(e) ? serversFault(jobId, display, e) : message(episode, e), console);
        } catch (RuntimeException e) {
            // An importer refuses what it cannot read with IllegalArgumentException: the recording's fault.
            tally.failed(e instanceof IllegalArgumentException ? message(episode, e)
                    : serversFault(jobId, display, e), console);
        }
    }

    /** The job's end after its episodes were tried: the state follows from the counts. */
    private void finishImported(ImportJobRepository.RunnableJob job, int episodeCount, Tally tally) {
        if (tally.skipped > 0) {
            tally.notes.addFirst(tally.skipped + (tally.skipped == 1 ? " episode was" : " episodes were")
                    + " skipped: already imported into this dataset from the same recording");
        }
        ImportState state = tally.cancelled ? ImportState.CANCELLED
                : tally.failed == 0 ? ImportState.SUCCEEDED
                : tally.done == 0 ? ImportState.FAILED : ImportState.COMPLETED_WITH_ERRORS;
        String error = tally.cancelled ? "Cancelled after " + tally.done + " of " + episodeCount + " episodes"
                : tally.firstError;
        finish(job, state, error, tally.notes, tally.done, tally.failed, tally.skipped);
    }

    private void discardUpload(ImportJobRepository.RunnableJob job) {
        try {
            sources.discardUpload(job.organizationId(), job.sourceKind(), job.source());
        } catch (RuntimeException e) {
            log.warn("Import job {}: could not delete its rejected upload {}", job.id(), job.source(), e);
        }
    }

    /** The row's words for a failure of the server, not of the recording; the exception goes to the log. */
    private static String serversFault(UUID jobId, String episode, Exception e) {
        ImportFailure failure = ImportFailure.of(e);
        log.error("Import job {}{} failed ({}), error reference {}", jobId, episode == null ? "" : ": " + episode,
                failure.cause(), failure.reference(), e);
        return episode == null ? failure.message() : episode + ": could not be imported. " + failure.message();
    }

    private static String message(Found episode, Exception e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String display = episode.source().displayPath();
        return text.contains(display) || text.contains(episode.source().path().getFileName().toString())
                ? text : display + ": " + text;
    }

    private void finish(ImportJobRepository.RunnableJob job, ImportState state, String error, List<String> notes,
                        int done, int failed, int skipped) {
        boolean recorded;
        try {
            recorded = jobs.finish(job.id(), state, error, notes, done, failed, skipped);
        } catch (RuntimeException e) {
            // Never leave a job "running" forever: record the end without the report that could not be stored.
            ImportFailure failure = ImportFailure.of(e);
            log.error("Import job {}: could not store its report, error reference {}", job.id(), failure.reference(), e);
            recorded = jobs.finish(job.id(), state, error, List.of("The import report could not be stored. "
                    + failure.message()), done, failed, skipped);
        }
        if (!recorded) {
            // Its heartbeat came too late and a watchdog already reported it interrupted; that report stands.
            log.warn("Import job {} ended ({}, {} episodes imported) after it had been marked interrupted", job.id(),
                    state.label().toLowerCase(), done);
            return;
        }
        events.publishEvent(new ImportFinished(job.organizationId(), job.id(), job.datasetId(), state, done, failed,
                error));
        log.info("Import job {} {}: {} episodes imported, {} failed, {} skipped{}", job.id(),
                state.label().toLowerCase(), done, failed, skipped, error == null ? "" : " (" + error + ")");
    }

    /**
     * Finds episodes: a path a format recognises as a whole (a LeRobot folder, a bundle, an MCAP file) is taken
     * by that format; other folders are searched for files and folders that one is recognised.
     */
    List<Found> discover(List<Path> paths, List<String> notes) throws IOException {
        List<Found> found = new ArrayList<>();
        int[] files = {0};
        for (Path path : paths) {
            discover(path, path.getParent() == null ? path : path.getParent(), found, notes, files, 0);
        }
        return found;
    }

    private void discover(Path path, Path base, List<Found> found, List<String> notes, int[] files, int depth)
            throws IOException {
        if (++files[0] > MAX_FILES) {
            throw new ImportFormatException(base.toString(), "more than " + MAX_FILES + " files; import a smaller "
                    + "folder");
        }
        Optional<EpisodeImporter> importer = importerFor(path);
        if (importer.isPresent()) {
            for (EpisodeSource source : importer.get().episodes(path)) {
                found.add(new Found(importer.get(), source));
            }
            return;
        }
        String display = base.relativize(path).toString();
        if (Files.isDirectory(path) && depth < 8) {
            List<Path> children;
            try (Stream<Path> list = Files.list(path)) {
                children = list.filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted(Comparator.naturalOrder()).toList();
            }
            for (Path child : children) {
                discover(child, base, found, notes, files, depth + 1);
            }
        } else if (Files.isRegularFile(path)) {
            notes.add("Skipped " + (display.isEmpty() ? path.getFileName() : display)
                    + ": not a supported format (supported: " + supportedFormats() + ")");
        }
    }

    private Optional<EpisodeImporter> importerFor(Path path) throws IOException {
        for (EpisodeImporter importer : importers) {
            if (importer.accepts(path)) {
                return Optional.of(importer);
            }
        }
        return Optional.empty();
    }

    String supportedFormats() {
        return String.join(", ", importers.stream().map(EpisodeImporter::format).sorted().toList());
    }

    /** Progress of one episode mapped onto the whole job; writes at most twice a second. */
    private final class Progress implements ImportProgress {

        private final UUID jobId;
        private final int index;
        private final int total;
        private final int done;
        private final int failed;
        private final int skipped;
        private long lastWrite = System.nanoTime() - PROGRESS_INTERVAL_NANOS;

        private final double base;

        Progress(UUID jobId, int index, int total) {
            this(jobId, index, total, 0, 0, 0, 0);
        }

        /** @param base the share of the job already done before the first episode (generation) */
        Progress(UUID jobId, int index, int total, int done, int failed, int skipped, double base) {
            this.jobId = jobId;
            this.index = index;
            this.total = total;
            this.done = done;
            this.failed = failed;
            this.skipped = skipped;
            this.base = base;
        }

        @Override
        public void checkpoint(double fraction, String message) {
            long now = System.nanoTime();
            if (now - lastWrite < PROGRESS_INTERVAL_NANOS && fraction < 1) {
                return;
            }
            lastWrite = now;
            double overall = base + (1 - base) * (index + Math.max(0, Math.min(1, fraction))) / total;
            String text = total > 1 ? "Episode " + (index + 1) + " of " + total + ": " + message : message;
            if (jobs.progress(jobId, overall, text, done, failed, skipped)) {
                throw new ImportCancelledException();
            }
        }
    }
}
