package dev.touchstone.shell.idempotency;

import dev.touchstone.organization.CurrentOrganization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Clock;

/**
 * {@link IdempotencyKeyFilter} on {@code /api/v1}, right after Spring Security (so the caller is known and a refused
 * request claims no key) and before the APIs' body limits; and the sweep of keys past their 24 hours.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyConfiguration.class);

    private final IdempotencyRepository keys;
    private final Clock clock;

    IdempotencyConfiguration(IdempotencyRepository keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Bean
    FilterRegistrationBean<IdempotencyKeyFilter> idempotencyKeys(CurrentOrganization current) {
        FilterRegistrationBean<IdempotencyKeyFilter> registration = new FilterRegistrationBean<>(
                new IdempotencyKeyFilter(keys, current, clock));
        registration.addUrlPatterns("/api/v1/*");
        registration.setName("idempotencyKeys");
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    @Scheduled(fixedDelayString = "${touchstone.api.idempotency-sweep-interval:1h}")
    void sweep() {
        int swept = keys.sweep(clock.instant().minus(IdempotencyKeyFilter.RETENTION));
        if (swept > 0) {
            log.info("Swept {} idempotency keys older than 24 hours", swept);
        }
    }
}
