/**
 * Signal streams (joint positions, velocities and efforts, wrist force-torque, IMU, ...) stored for fast windowed
 * reads, in plain Java without Spring.
 * <ul>
 *   <li>{@link dev.touchstone.dataset.signal.SignalWriter} streams time-ordered samples into a self-contained file:
 *   raw samples in fixed-size column chunks (level 0) followed by a min/max pyramid, written with memory bounded by
 *   the chunk size and the number of levels, never by the number of samples; since format version 2 also per-10 ms
 *   time-bucket summaries (count, mean, min, max per channel) for analyses that bin by time.</li>
 *   <li>{@link dev.touchstone.dataset.signal.SignalReader} answers {@code window(t0, t1, columns, channels)} with
 *   between {@code columns} and {@code 2 × columns} min/max buckets per channel (or the raw samples when the window
 *   holds few of them), reading only the byte ranges it needs; it also gives raw samples, the value at a time and
 *   the summaries ({@link dev.touchstone.dataset.signal.SignalSummaries}; version-1 files have none).</li>
 *   <li>{@link dev.touchstone.dataset.signal.SignalWindowEncoder} turns a window into the little-endian, aligned
 *   binary layout that the media endpoint sends to the browser.</li>
 * </ul>
 * Both layouts are documented in {@code docs/formats/signal.md}. A damaged file fails with a
 * {@link dev.touchstone.dataset.signal.SignalFormatException} that says what is wrong.
 */
@org.springframework.modulith.NamedInterface("signal")
package dev.touchstone.dataset.signal;
