package dev.touchstone.shell.api;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@link ApiFailureFilter} on the JSON API and the media plane, in front of Spring Security's filters. */
@Configuration(proxyBeanMethods = false)
class ApiFailureConfiguration {

    @Bean
    FilterRegistrationBean<ApiFailureFilter> apiFailures() {
        FilterRegistrationBean<ApiFailureFilter> registration = new FilterRegistrationBean<>(new ApiFailureFilter());
        registration.addUrlPatterns("/api/*", "/media/*");
        registration.setName("apiFailures");
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }
}
