/**
 * Signal streams (joint positions, velocities and efforts, wrist force-torque, IMU, ...) stored for fast windowed
 * reads, in plain Java without Spring.
 * <ul>
 *   <li>{@link dev.touchstone.dataset.signal.SignalWriter} streams time-ordered samples into a self-contained file:
 *   raw samples in fixed-size column chunks (level 0) followed by a min/max pyramid, written with memory bounded by
 *   the chunk size and the number of levels, never by the number of samples.</li>
 *   <li>{@link dev.touchstone.dataset.signal.SignalReader} answers {@code window(t0, t1, columns, channels)} with
 *   between {@code columns} and {@code 2 × columns} min/max buckets per channel (or the raw samples when the window
 *   holds few of them), reading only the byte ranges it needs; it also gives raw samples and the value at a time.</li>
 *   <li>{@link dev.touchstone.dataset.signal.SignalWindowEncoder} turns a window into the little-endian, aligned
 *   binary layout that the media endpoint sends to the browser.</li>
 * </ul>
 * Both layouts are documented in {@code docs/formats/signal.md}. A damaged file fails with a
 * {@link dev.touchstone.dataset.signal.SignalFormatException} that says what is wrong.
 */
@org.springframework.modulith.NamedInterface("signal")
package dev.touchstone.dataset.signal;
