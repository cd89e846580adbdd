package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The operator as its own process, started the way `java -jar` starts it: JSON logs with the
 * instance on reconcile lines, and an orderly exit on SIGTERM.
 */
class OperatorProcessIT extends OperatorTestBase {

  @Test
  void logsJsonWithTheInstanceAndExitsOnSigterm() throws Exception {
    operator.close();
    operator = null;
    var ns = newNamespace();
    var kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    Files.writeString(kubeconfig, kubeConfigYaml);
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var builder =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "org.mathesar.operator.OperatorMain")
            .redirectErrorStream(true);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("LOG_FORMAT", "json");
    builder.environment().put("HTTP_PORT", "0");
    builder.environment().put("WATCH_NAMESPACES", ns);
    var process = builder.start();
    List<String> lines = new CopyOnWriteArrayList<>();
    var reader =
        new Thread(
            () -> {
              try (var in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
              } catch (Exception ignored) {
                // the process ended
              }
            });
    reader.start();
    try {
      credentials(ns, "db");
      client.resource(mathesar(ns, "proc", "db")).create();
      awaitJob(ns, "proc", "migrate");
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  lines.stream()
                      .anyMatch(
                          l ->
                              l.startsWith("{")
                                  && l.contains("\"mdc\"")
                                  && l.contains("\"instance\"")
                                  && l.contains("\"proc\"")
                                  && l.contains("\"" + ns + "\"")));
      assertThat(lines)
          .filteredOn(l -> !l.isBlank())
          .allSatisfy(l -> assertThat(l).startsWith("{"));
      assertThat(String.join("\n", lines)).doesNotContain("s3cr3t-db-password");
    } finally {
      process.destroy(); // SIGTERM
    }
    assertThat(process.waitFor(40, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
    // 128 + 15: the JVM took SIGTERM as an orderly exit (shutdown hooks ran), not a kill (137).
    assertThat(process.exitValue()).isEqualTo(143);
    reader.join(Duration.ofSeconds(5).toMillis());
  }
}
