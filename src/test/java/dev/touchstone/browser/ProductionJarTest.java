package dev.touchstone.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Base of the suites that test the production jar from outside (crash, security regression): one server of their own
 * per class, on a free port and a fresh data folder, and Chromium for what people do on its pages. Unlike
 * {@link BrowserTest}, the application does not run in the test's JVM, so a test can kill it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProductionJarTest {

    static final String DEMO_PASSWORD = "touchstone-demo";

    @TempDir
    static Path folder;

    ProductionServer server;
    int port;
    Playwright playwright;
    Browser browser;
    private final List<BrowserContext> contexts = new ArrayList<>();

    /** The server's environment beyond its port and data folder. */
    abstract Map<String, String> environment();

    @BeforeAll
    void startServerAndBrowser() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = new ProductionServer(folder.resolve("data"), port, environment());
        System.out.println(getClass().getSimpleName() + ": first start ready after " + server.start().toMillis()
                + " ms");
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
    }

    @AfterEach
    void closeContexts() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
    }

    @AfterAll
    void stopServerAndBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A fresh browser session of this member, signed in with the demo password (closed after the test). */
    BrowserContext signedIn(String email) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.baseUrl())
                .setViewportSize(1280, 800));
        context.setDefaultTimeout(30_000);
        contexts.add(context);
        Page page = context.newPage();
        try {
            new LoginPage(page).open().signIn(email, DEMO_PASSWORD).expectSignedIn();
        } catch (AssertionError notSignedIn) {
            // Seen in CI under load (CrashIT, a project manager signing in soon after a start): the credentials are
            // accepted, "/" loads, and the next request lands on /login. Not reproduced alone; issue 19's closing note
            // has the details. What the server said is printed for whoever looks next, and these suites, which test
            // crashes and probes rather than sign-in (SignInIT does), try once more.
            System.err.println("Sign-in of " + email + " did not hold: " + notSignedIn.getMessage()
                    + "\nServer log (warnings, errors, ended sessions):\n" + server.notableLines());
            new LoginPage(page).open().signIn(email, DEMO_PASSWORD).expectSignedIn();
        }
        return context;
    }
}
