package dev.touchstone.labeling.api;

import dev.touchstone.common.ApiBodyLimitFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The drafts API's body limit, only on its own paths. */
@Configuration(proxyBeanMethods = false)
class DraftApiConfiguration {

    /** A save of {@code DraftService.MAX_OPS_PER_SAVE} labels fits well below it. */
    static final long MAX_BODY_BYTES = 4L * 1024 * 1024;
    static final String TOO_LARGE = "The request body is larger than " + MAX_BODY_BYTES / (1024 * 1024)
            + " MB; send the changes in smaller saves";

    @Bean
    FilterRegistrationBean<ApiBodyLimitFilter> draftApiBodyLimit() {
        FilterRegistrationBean<ApiBodyLimitFilter> registration = new FilterRegistrationBean<>(new ApiBodyLimitFilter(MAX_BODY_BYTES,
                TOO_LARGE));
        registration.addUrlPatterns("/api/v1/drafts/*");
        registration.setName("draftApiBodyLimit");
        return registration;
    }
}
