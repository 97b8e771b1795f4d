package dev.touchstone.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.touchstone.TouchstoneSpringTest;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Base of the browser tests: the whole application on a random port, driven by Playwright in Debian's Chromium
 * (Playwright's own browser download is not reachable here). One browser per test class, a fresh context (cookies,
 * session) per test.
 */
@TouchstoneSpringTest
abstract class BrowserTest {

    private static Playwright playwright;
    private static Browser browser;

    @LocalServerPort
    int port;

    BrowserContext context;
    Page page;

    @BeforeAll
    static void launchBrowser() {
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openPage() {
        context = browser.newContext(new Browser.NewContextOptions().setBaseURL("http://localhost:" + port)
                .setViewportSize(1280, 800));
        context.setDefaultTimeout(20_000);
        page = context.newPage();
        problems.clear();
        allowed.clear();
        // A normal session has no script errors and no failed requests: each one is recorded here and fails the test
        // after it ran (closePage), unless the test expects it (allowProblem). Script errors also explain blank pages.
        page.onPageError(error -> record("page error: " + error));
        page.onConsoleMessage(message -> {
            // The browser logs every 4xx/5xx resource as a console error too; the response listener records those.
            if ("error".equals(message.type()) && !message.text().startsWith("Failed to load resource")) {
                record("console error: " + message.text());
            }
        });
        page.onResponse(response -> {
            if (response.status() >= 400) {
                record("HTTP " + response.status() + " " + response.request().method() + " " + path(response.url()));
            }
        });
        page.onRequestFailed(request -> {
            String failure = request.failure();
            // A video element cancels its pending range requests when it seeks or the page changes: not a failure.
            if (failure != null && !failure.contains("ERR_ABORTED")) {
                record("request failed (" + failure + "): " + request.method() + " " + path(request.url()));
            }
        });
    }

    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<Pattern> allowed = new CopyOnWriteArrayList<>();

    private void record(String problem) {
        System.err.println("BROWSER " + problem);
        problems.add(problem);
    }

    private String path(String url) {
        String base = "http://localhost:" + port;
        return url.startsWith(base) ? url.substring(base.length()) : url;
    }

    /**
     * Lets this test's session contain problems matching {@code regex} (found anywhere in lines such as
     * "HTTP 404 GET /api/v1/releases/..." or "console error: ..."): for tests that provoke an error on purpose.
     */
    void allowProblem(String regex) {
        allowed.add(Pattern.compile(regex));
    }

    /** The session's unexpected console errors, page errors and failed requests so far. */
    List<String> unexpectedProblems() {
        return problems.stream().filter(p -> allowed.stream().noneMatch(a -> a.matcher(p).find())).toList();
    }

    /** The last screen of every test, to see what a failure looked like (target/playwright/). */
    @AfterEach
    void closePage(TestInfo test) {
        try {
            String method = test.getTestMethod().map(m -> m.getName()).orElse("test");
            String name = test.getDisplayName().startsWith(method + "(") ? method
                    : method + "-" + test.getDisplayName().replaceAll("[^A-Za-z0-9]+", "_");
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Path.of("target", "playwright", getClass().getSimpleName() + "-" + name + ".png")));
        } finally {
            context.close();
        }
        Assertions.assertThat(unexpectedProblems())
                .as("console errors, page errors and failed requests during the session").isEmpty();
    }

    /** With -Ddocs.screenshots=DIR (e.g. docs/images), keeps a picture of the screen for the documentation. */
    void documentationScreenshot(String name) {
        String dir = System.getProperty("docs.screenshots");
        if (dir != null) {
            page.setViewportSize(1600, 1000);
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of(dir, name)).setFullPage(true));
        }
    }

    LoginPage loginPage() {
        return new LoginPage(page);
    }

    /**
     * Signs in with the demo password. KNOWN ISSUE (open, see the closing note of issue 3): about 1 sign-in in 40-60
     * on a loaded machine is accepted by the server but the first navigation afterwards lands back on the sign-in
     * page, without an error and without a new session cookie. Until it is understood, one such bounce is retried
     * and reported on stderr; a sign-in that fails twice still fails the test.
     */
    AppShell signInAs(String email) {
        try {
            return loginPage().open().signIn(email, "touchstone-demo").expectSignedIn();
        } catch (AssertionError bounce) {
            if (!page.url().endsWith("/login")) {
                throw bounce;
            }
            System.err.println("KNOWN ISSUE: sign-in as " + email + " bounced back to the sign-in page; retrying once. "
                    + bounce.getMessage());
            return loginPage().open().signIn(email, "touchstone-demo").expectSignedIn();
        }
    }
}
