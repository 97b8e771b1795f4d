package dev.touchstone.organization;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param maxFailures           failed sign-ins for one e-mail within the window before it is locked
 * @param maxFailuresPerAddress failed sign-ins from one client address within the window (password spraying)
 * @param window                how long failures are counted
 * @param lockDuration          how long a lock lasts
 */
@ConfigurationProperties("touchstone.login")
public record LoginThrottleProperties(@DefaultValue("5") int maxFailures,
                                      @DefaultValue("50") int maxFailuresPerAddress,
                                      @DefaultValue("15m") Duration window,
                                      @DefaultValue("5m") Duration lockDuration) {
}
