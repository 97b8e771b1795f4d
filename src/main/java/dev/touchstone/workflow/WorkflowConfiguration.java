package dev.touchstone.workflow;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on Spring's scheduler for {@link LeaseExpiry}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class WorkflowConfiguration {
}
