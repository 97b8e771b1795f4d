package dev.touchstone.common;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The application's clock, for times that are data (when a proposal set was stored, which a trend groups by day):
 * a bean, so a test can set the time instead of waiting for days to pass.
 */
@Configuration(proxyBeanMethods = false)
public class Clocks {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
