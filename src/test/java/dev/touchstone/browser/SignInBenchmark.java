package dev.touchstone.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.LoadState;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Benchmark, not a test: the time from pressing "Log in" to the role's landing page, against a running Touchstone
 * (production build from {@code ./run.sh}, or development mode from {@code ./run.sh --dev}) in headless Chromium at
 * 1600×1000. For each demo account, in order: the time until the browser left /login, and until the network was idle
 * (Playwright's rule: no request for 500 ms, so the page is complete about 0.5 s earlier). A fresh browser context per
 * sign-in, so nothing is cached between them. Run from the repository with
 * {@code ./mvnw -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt}, then {@code java -cp "$(cat target/cp.txt)" src/test/java/dev/touchstone/browser/SignInBenchmark.java
 * http://localhost:8080 3}; see docs/benchmarks.md.
 */
final class SignInBenchmark {

    private static final List<String> ACCOUNTS = List.of("pm@acme.test", "annotator@acme.test", "qa@acme.test",
            "admin@acme.test", "customer@acme.test");

    private SignInBenchmark() {
    }

    public static void main(String[] args) {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Path.of(System.getProperty("touchstone.chromium", "/usr/bin/chromium")))
                    .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu")));
            for (int round = 1; round <= rounds; round++) {
                for (String email : ACCOUNTS) {
                    try (BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                            .setViewportSize(1600, 1000))) {
                        Page page = context.newPage();
                        page.navigate(base + "/login");
                        page.locator("#login-form input[name='username']").fill(email);
                        page.locator("#login-form input[name='password']").fill("touchstone-demo");
                        long start = System.nanoTime();
                        page.locator("#login-form vaadin-button")
                                .filter(new Locator.FilterOptions().setHasText("Log in")).click();
                        page.waitForURL(url -> !url.contains("/login"));
                        long left = System.nanoTime() - start;
                        page.waitForLoadState(LoadState.NETWORKIDLE);
                        long idle = System.nanoTime() - start;
                        System.out.printf("BENCH sign-in round %d %-22s left /login %5d ms, network idle %5d ms (%s)%n",
                                round, email, left / 1_000_000, idle / 1_000_000, page.url().replace(base, ""));
                    }
                }
            }
        }
    }
}
