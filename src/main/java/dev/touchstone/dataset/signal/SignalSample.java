package dev.touchstone.dataset.signal;

/** One stored sample of one channel: its timestamp in nanoseconds and its float32 value ({@code NaN} = dropout). */
public record SignalSample(long timestamp, float value) {
}
