package dev.touchstone.proposal;

/**
 * The episode does not have what the settings say the proposers should read (a stream or a channel is missing, or
 * holds no samples). The message names the stream, the channel and the setting, so a project manager can fix the
 * settings or see that the recording lacks a sensor.
 */
public class ProposerInputException extends RuntimeException {

    public ProposerInputException(String message) {
        super(message);
    }
}
