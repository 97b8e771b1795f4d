package dev.touchstone.proposal.api;

import dev.touchstone.common.ApiBodyLimitFilter;
import dev.touchstone.proposal.ProposalService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The predictions API's body limit. A servlet pattern cannot name the episode in the middle of the path, so it
 * covers everything under {@code /api/v1/projects/}, where the predictions endpoint is the only one.
 */
@Configuration(proxyBeanMethods = false)
class PredictionsApiConfiguration {

    static final String TOO_LARGE = "The request body is larger than "
            + ProposalService.MAX_PREDICTIONS_BYTES / (1024 * 1024) + " MB; a set of predictions must fit in one"
            + " body (about 100,000 labels do)";

    @Bean
    FilterRegistrationBean<ApiBodyLimitFilter> predictionsApiBodyLimit() {
        FilterRegistrationBean<ApiBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new ApiBodyLimitFilter(ProposalService.MAX_PREDICTIONS_BYTES, TOO_LARGE));
        registration.addUrlPatterns("/api/v1/projects/*");
        registration.setName("predictionsApiBodyLimit");
        return registration;
    }
}
