package dev.touchstone.browser;

import com.microsoft.playwright.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page policy as Chromium enforces it on the production bundle (docs/security.md, "Content-Security-Policy"):
 * Vaadin's page works under it, and a script injected without the nonce is refused and reported on the console,
 * which is how every other browser test would fail on a violation.
 */
class ContentSecurityPolicyIT extends BrowserTest {

    @Test
    void thePageRunsUnderItsNonceAndAnInjectedInlineScriptDoesNot() {
        List<String> console = new CopyOnWriteArrayList<>();
        page.onConsoleMessage(message -> console.add(message.type() + ": " + message.text()));

        Response response = page.navigate("/login");
        String policy = response.headerValue("content-security-policy");
        assertThat(policy).contains("script-src 'self' 'nonce-").doesNotContain("'unsafe-inline' 'unsafe-eval'");
        Matcher nonce = Pattern.compile("'nonce-([A-Za-z0-9_-]+)'").matcher(policy);
        assertThat(nonce.find()).isTrue();
        assertThat(page.locator("#login-form")).isVisible();
        assertThat(page.evaluate("() => window.Vaadin.Flow.nonce")).as("the nonce Vaadin's client gives its scripts")
                .isEqualTo(nonce.group(1));

        // Chromium's words: "Executing inline script violates the following Content Security Policy directive ..."
        String violation = "inline script violates the following Content Security Policy directive 'script-src";
        allowProblem(Pattern.quote(violation));
        page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
                + " document.head.append(s); }");
        assertThat(page.evaluate("() => window.injected === undefined")).isEqualTo(true);
        page.waitForCondition(() -> console.stream().anyMatch(m -> m.startsWith("error: ")
                && m.contains(violation)));

        signInAs("pm@acme.test").waitForPath("/projects");
    }
}
