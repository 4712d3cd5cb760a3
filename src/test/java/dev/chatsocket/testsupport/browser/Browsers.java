package dev.chatsocket.testsupport.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for browser tests, driven by Debian's {@code chromium} and
 * {@code chromium-driver} (install with {@code apt-get install -y chromium chromium-driver}).
 *
 * <p>Nothing is ever downloaded: the driver and the browser binary are given explicitly, so
 * Selenium Manager has nothing to look up. Each {@link Browser} is its own Chromium process with a
 * fresh profile directory (so two browsers share no cookies or localStorage, like two people), and
 * {@link Browser#close()} quits it and deletes the profile.
 *
 * <p>Paths can be overridden with system properties {@code chatsocket.chromium} and
 * {@code chatsocket.chromedriver}.
 */
public final class Browsers {

    public static final Path CHROMIUM = Path.of(System.getProperty("chatsocket.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("chatsocket.chromedriver", "/usr/bin/chromedriver"));

    /** How long a wait for a page condition may take before the test fails. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Browsers() {
    }

    /** Starts a headless Chromium with a fresh profile. */
    public static Browser open() {
        requireInstalled();
        // Belt and braces: with the driver path set, Selenium Manager is never consulted.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile;
        try {
            profile = Files.createTempDirectory("chatsocket-chromium-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a Chromium profile directory", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--window-size=1200,800",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            return new Browser(driver, profile);
        } catch (RuntimeException e) {
            deleteQuietly(profile);
            throw e;
        }
    }

    private static void requireInstalled() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get update && apt-get install -y chromium chromium-driver");
        }
    }

    static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a temp directory; nothing more to do
        }
    }

    /** One Chromium: its driver, waits on page conditions, and a few shortcuts. */
    public static final class Browser implements AutoCloseable {
        private final ChromeDriver driver;
        private final Path profile;

        private Browser(ChromeDriver driver, Path profile) {
            this.driver = driver;
            this.profile = profile;
        }

        public WebDriver driver() {
            return driver;
        }

        public Browser get(String url) {
            driver.get(url);
            return this;
        }

        /** Waits until {@code condition} returns a non-null, non-false value, and returns it. */
        public <T> T await(String what, Function<WebDriver, T> condition) {
            WebDriverWait wait = new WebDriverWait(driver, TIMEOUT, Duration.ofMillis(50));
            wait.withMessage(() -> what + "\n--- page state ---\n" + describe());
            // A page that navigates (a reload, a redirect by its script) leaves stale elements behind.
            wait.ignoring(StaleElementReferenceException.class);
            return wait.until(condition);
        }

        /** Waits until the element with {@code id} has {@code data-state="state"}. */
        public void awaitState(String id, String state) {
            await("#" + id + " data-state=" + state,
                    d -> state.equals(d.findElement(By.id(id)).getDomAttribute("data-state")));
        }

        public WebElement find(By by) {
            return driver.findElement(by);
        }

        public List<WebElement> findAll(By by) {
            return driver.findElements(by);
        }

        /** Texts ({@code textContent}, whitespace kept) of every element matching {@code css}. */
        @SuppressWarnings("unchecked")
        public List<String> texts(String css) {
            return (List<String>) js("return Array.from(document.querySelectorAll(arguments[0]), e => e.textContent);", css);
        }

        public Object js(String script, Object... args) {
            return ((JavascriptExecutor) driver).executeScript(script, args);
        }

        /** What a failed wait prints: the URL and the page's visible text. */
        public String describe() {
            try {
                return driver.getCurrentUrl() + "\n" + driver.findElement(By.tagName("body")).getText();
            } catch (RuntimeException e) {
                return "(page not readable: " + e + ")";
            }
        }

        @Override
        public void close() {
            try {
                driver.quit();
            } finally {
                deleteQuietly(profile);
            }
        }
    }
}
