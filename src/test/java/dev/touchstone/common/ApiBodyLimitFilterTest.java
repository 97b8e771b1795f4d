package dev.touchstone.common;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON body limit never caps the bytes of a resumable upload (a tus PATCH, which streams to disk and is limited
 * by the upload's own length), on whatever paths the filter is registered; JSON bodies above it stay 413.
 */
class ApiBodyLimitFilterTest {

    final ApiBodyLimitFilter filter = new ApiBodyLimitFilter(1024, "too large");

    @Test
    void uploadBytesPassWhateverTheirSize() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("PATCH", "/api/v1/uploads/x");
        request.setContentType("application/offset+octet-stream");
        request.setContent(new byte[4096]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        assertThat(chain.getRequest()).as("passed on to the upload endpoint").isNotNull();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(chain.getRequest().getInputStream().readAllBytes()).hasSize(4096);
    }

    @Test
    void aJsonBodyAboveTheLimitIs413() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/datasets");
        request.setContentType("application/json");
        request.setContent(new byte[4096]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        assertThat(chain.getRequest()).isNull();
        assertThat(response.getStatus()).isEqualTo(413);
    }
}
