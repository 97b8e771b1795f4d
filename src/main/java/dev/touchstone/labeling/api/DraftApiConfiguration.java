package dev.touchstone.labeling.api;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The drafts API's body limit, only on its own paths. */
@Configuration(proxyBeanMethods = false)
class DraftApiConfiguration {

    @Bean
    FilterRegistrationBean<ApiBodyLimitFilter> draftApiBodyLimit() {
        FilterRegistrationBean<ApiBodyLimitFilter> registration = new FilterRegistrationBean<>(new ApiBodyLimitFilter());
        registration.addUrlPatterns("/api/v1/drafts/*");
        registration.setName("draftApiBodyLimit");
        return registration;
    }
}
