package dev.touchstone.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the operating system says about a PostgreSQL server process, read from the data directory's
 * {@code postmaster.pid} and from {@code /proc}. PostgreSQL runs detached from the JVM (pg_ctl starts it and exits),
 * so the JVM's own process handles know nothing about it.
 */
final class Postmaster {

    enum State {
        /** The process exists and runs. */
        RUNNING,
        /** The process has exited but its parent has not reaped it yet: dead, though {@code kill -0} still succeeds. */
        ZOMBIE,
        /** No such process. */
        GONE
    }

    static final String PID_FILE = "postmaster.pid";
    private static final Path PROC = Path.of("/proc");

    private Postmaster() {
    }

    /** Whether this system has a Linux-style {@code /proc}; without one, no orphan is detected and none is stopped. */
    static boolean canInspectProcesses() {
        return Files.isDirectory(PROC.resolve("self"));
    }

    /** The PID on the first line of {@code postmaster.pid}, or empty when the file is missing or unreadable. */
    static OptionalLong pidFromFile(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve(PID_FILE), StandardCharsets.UTF_8);
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.getFirst().trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    static State state(long pid) {
        if (pid <= 0) {
            return State.GONE;
        }
        if (!canInspectProcesses()) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? State.RUNNING : State.GONE;
        }
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            // "pid (comm) S ...": comm may itself hold spaces and parentheses, so the state follows the last ')'.
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X' ? State.ZOMBIE : State.RUNNING;
        } catch (IOException | RuntimeException e) {
            return State.GONE;
        }
    }

    /** Whether the process runs the {@code postgres} executable (a PID may be reused by any other program). */
    static boolean isPostgres(long pid) {
        try {
            return Files.readString(PROC.resolve(Long.toString(pid)).resolve("comm")).strip().equals("postgres");
        } catch (IOException e) {
            return false;
        }
    }

    /** The process's working directory; a postmaster's is its data directory. Empty when not readable. */
    static Optional<Path> workingDirectory(long pid) {
        try {
            return Optional.of(Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("cwd")));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /**
     * Sends a signal by name (INT, QUIT, KILL) with the shell's {@code kill}; Java itself can only send TERM and KILL,
     * and slim container images may lack a {@code kill} executable but not {@code sh}. PostgreSQL reads INT as "fast
     * shutdown" (roll back open transactions, write a checkpoint, exit) and QUIT as "immediate shutdown".
     */
    static boolean signal(long pid, String signal) {
        if (!signal.matches("[A-Z]+")) {
            throw new IllegalArgumentException("Not a signal name: " + signal);
        }
        try {
            Process kill = new ProcessBuilder("sh", "-c", "kill -s " + signal + " " + pid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until the process is no longer running (gone or a zombie); false if it still runs after the timeout. */
    static boolean awaitExit(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state(pid) == State.RUNNING) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /**
     * The {@code pg_ctl} next to the {@code postgres} executable that {@code postmaster.opts} names: PostgreSQL writes
     * the command line of its last start there, starting with the executable's path.
     */
    static Optional<Path> pgCtlFromOptions(Path dataDirectory) {
        try {
            String line = Files.readString(dataDirectory.resolve("postmaster.opts"), StandardCharsets.UTF_8).strip();
            int firstArgument = line.indexOf(" \"");
            Path postgres = Path.of(firstArgument < 0 ? line : line.substring(0, firstArgument));
            Path pgCtl = postgres.resolveSibling("pg_ctl");
            return Files.isExecutable(pgCtl) ? Optional.of(pgCtl) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
