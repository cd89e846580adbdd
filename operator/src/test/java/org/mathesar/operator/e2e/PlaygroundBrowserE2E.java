package org.mathesar.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground as a person meets it: headless Chromium opens the URL `bash .ci/run-operator`
 * prints, logs in with the printed credentials and lands on Mathesar's home page. Screenshots of
 * both pages go to target/screenshots/. Chromium and chromedriver are Debian's (-De2e.chromium and
 * -De2e.chromedriver point elsewhere).
 */
class PlaygroundBrowserE2E extends E2ESupport {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @Test
  void aPersonOpensThePlaygroundAndLogsIn() throws Exception {
    var started = Instant.now();
    Playground.setUp(started);
    var credentials = adminCredentials(Playground.NAMESPACE, Playground.NAME);
    Files.createDirectories(SCREENSHOTS);
    try (var forward =
        ServiceEndpoint.forward(
            client(), Playground.NAMESPACE, Playground.NAME, InetAddress.getLoopbackAddress(), 0)) {
      var url = "http://localhost:" + forward.getLocalPort();
      var driver = chromium();
      try {
        browse(driver, url, credentials);
      } catch (RuntimeException | AssertionError e) {
        // What the browser showed, for whoever reads the failure.
        screenshot(driver, "failure.png");
        throw new AssertionError(
            "at "
                + driver.getCurrentUrl()
                + " the page said: "
                + driver.findElement(By.tagName("body")).getText(),
            e);
      } finally {
        driver.quit();
      }
    }
  }

  /**
   * What `bash .ci/run-operator` leaves running, its serve step, ends when told to, so that the
   * script's trap takes the cluster down. A JVM that has run helm-java ends on neither SIGINT nor
   * SIGTERM (the Go runtime Helm brings takes both), which is why setup and serve are two JVMs.
   * SIGTERM here, since a suite started as a background job inherits an ignored SIGINT and would
   * pass it on.
   */
  @Test
  void theServeStepEndsWhenTold() throws Exception {
    Playground.setUp(Instant.now());
    var javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var output = Files.createTempFile("playground-serve", ".log");
    var serve =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                "-Dplayground.port=0",
                "-Dproject.root=" + RealCluster.ROOT,
                Playground.class.getName(),
                "serve")
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      org.awaitility.Awaitility.await("serve prints its URL")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> Files.readString(output).contains("Press Ctrl-C to stop."));
      assertThat(Files.readString(output)).contains("URL       http://localhost:");
      var kill = new ProcessBuilder("kill", "-TERM", Long.toString(serve.pid())).start();
      assertThat(kill.waitFor()).isZero();
      assertThat(serve.waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
          .as("ended within 30 s of SIGTERM")
          .isTrue();
      report(
          "browser",
          "the playground's serve step (no Helm in its JVM) ended on SIGTERM with exit "
              + serve.exitValue());
    } finally {
      serve.destroyForcibly();
      Files.deleteIfExists(output);
    }
  }

  private static void browse(
      WebDriver driver, String url, java.util.Map<String, String> credentials) throws Exception {
    var wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    driver.get(url);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
    assertThat(driver.getCurrentUrl()).contains("/auth/login/");
    assertNoError(driver);
    var login = screenshot(driver, "login.png");

    driver.findElement(By.name("username")).sendKeys(credentials.get("username"));
    driver.findElement(By.name("password")).sendKeys(credentials.get("password"));
    driver.findElement(By.cssSelector("button[type=submit], input[type=submit]")).click();
    wait.until(d -> !d.getCurrentUrl().contains("/auth/login"));
    // The home page is drawn by Mathesar's front end: wait for its greeting and the database the
    // playground's MathesarDatabase connected.
    wait.until(
        d -> {
          var text = d.findElement(By.tagName("body")).getText();
          return text.contains("Welcome to Mathesar, " + credentials.get("username"))
              && text.contains("Databases")
              && text.contains("Library");
        });
    assertThat(driver.findElement(By.tagName("body")).getText())
        .doesNotContain("No Databases Connected");
    assertNoError(driver);
    assertThat(driver.getCurrentUrl())
        .doesNotContain("/auth/login")
        .doesNotContain("complete_installation");
    var home = screenshot(driver, "home.png");
    report(
        "browser",
        "Chromium logged in at "
            + url
            + " as "
            + credentials.get("username")
            + "; title \""
            + driver.getTitle()
            + "\"; screenshots "
            + login.toAbsolutePath()
            + " and "
            + home.toAbsolutePath());
  }

  private static WebDriver chromium() {
    var options = new ChromeOptions();
    options.setBinary(System.getProperty("e2e.chromium", "/usr/bin/chromium"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900");
    var service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                Path.of(System.getProperty("e2e.chromedriver", "/usr/bin/chromedriver")).toFile())
            .build();
    return new ChromeDriver(service, options);
  }

  /** A Django error page, a 400 for a Host outside ALLOWED_HOSTS, or the login form's error. */
  private static void assertNoError(WebDriver driver) {
    var text = driver.findElement(By.tagName("body")).getText();
    assertThat(text)
        .doesNotContain("Server Error")
        .doesNotContain("Bad Request")
        .doesNotContain("Please enter a correct username and password");
  }

  private static Path screenshot(WebDriver driver, String name) throws Exception {
    var file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    return Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
