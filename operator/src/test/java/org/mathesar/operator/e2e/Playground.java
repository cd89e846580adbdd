package org.mathesar.operator.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.status.Conditions;

/**
 * The playground that `bash .ci/run-operator` starts on the project's own cluster: the operator
 * installed by the Helm chart, a PostgreSQL, one Mathesar that uses it and a MathesarDatabase with
 * Mathesar's library sample, so that the first screen after the login has data; then the progress
 * while it gets ready, and the URL on localhost with the admin's credentials. Runs until stopped. A
 * second start finds everything in place and only waits for it.
 */
public final class Playground {
  static final String NAMESPACE = "mathesar-playground";
  static final String NAME = "mathesar";

  /** The database the first screen after the login shows: Mathesar's library sample. */
  static final String DATABASE = "library";

  private static final PrintStream out = System.out;

  private Playground() {}

  /**
   * {@code setup}: everything made and Ready, then the JVM ends. {@code serve}: the URL and
   * credentials, then a port-forward until Ctrl-C. Two JVMs, because helm-java loads Helm as a Go
   * library whose runtime takes SIGINT and SIGTERM for itself: a JVM that has run a Helm install no
   * longer stops on Ctrl-C. The serve JVM never touches Helm.
   */
  public static void main(String[] args) throws Exception {
    var started =
        Instant.ofEpochSecond(
            Long.parseLong(
                System.getProperty(
                    "playground.started", Long.toString(Instant.now().getEpochSecond()))));
    switch (args.length == 0 ? "" : args[0]) {
      case "setup" -> {
        setUp(started);
        System.exit(0);
      }
      case "serve" ->
          serve(started, Integer.parseInt(System.getProperty("playground.port", "18000")));
      default -> throw new IllegalArgumentException("usage: Playground setup|serve");
    }
  }

  private static void serve(Instant started, int port) throws Exception {
    var kubeconfig = System.getenv("KUBECONFIG");
    try (var client = new KubernetesClientBuilder().build();
        LocalPortForward forward =
            ServiceEndpoint.forward(
                client, NAMESPACE, NAME, InetAddress.getLoopbackAddress(), port)) {
      var credentials = E2ESupport.adminCredentials(client, NAMESPACE, NAME);
      var kubectl = "kubectl --kubeconfig " + kubeconfig;
      var now = Instant.now();
      var commandStarted =
          Instant.ofEpochSecond(
              Long.getLong("playground.commandStarted", started.getEpochSecond()));
      out.printf(
          "%nMathesar is ready (%s after the install started, %s after the command started).%n%n",
          human(Duration.between(started, now)), human(Duration.between(commandStarted, now)));
      out.printf("  URL       http://localhost:%d%n", forward.getLocalPort());
      out.printf("  user      %s%n", credentials.get("username"));
      out.printf("  password  %s%n", credentials.get("password"));
      out.printf("%nLook further:%n");
      out.printf(
          "  %s -n %s get mathesar,mathesardatabase,deploy,pods,svc,pvc,secrets%n",
          kubectl, NAMESPACE);
      out.printf("  %s -n %s describe mathesar %s%n", kubectl, NAMESPACE, NAME);
      out.printf("  %s -n %s logs deploy/%s%n", kubectl, NAMESPACE, NAME);
      out.printf(
          "  %s -n %s logs deploy/%s%n",
          kubectl, RealCluster.OPERATOR_NAMESPACE, RealCluster.RELEASE);
      out.printf("%nPress Ctrl-C to stop.%n");
      out.flush();
      Thread.currentThread().join();
    }
  }

  /**
   * The operator, PostgreSQL and the Mathesar, made where missing; returns once the Mathesar is
   * Ready.
   */
  static void setUp(Instant started) throws InterruptedException {
    step("installing the operator with the Helm chart (" + RealCluster.OPERATOR_IMAGE + ")");
    var client = RealCluster.client();
    if (client.namespaces().withName(NAMESPACE).get() == null) {
      client
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(NAMESPACE)
                  .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                  .endMetadata()
                  .build())
          .create();
    }
    step("starting PostgreSQL (Deployment pg in " + NAMESPACE + "-db)");
    PostgresServer.ensure(client, NAMESPACE);
    if (E2ESupport.resource(NAMESPACE, NAME).get() == null) {
      step(
          "applying Mathesar " + NAMESPACE + "/" + NAME + " (version " + RealCluster.VERSION + ")");
      client.resource(E2ESupport.mathesar(NAMESPACE, NAME, RealCluster.VERSION)).create();
    }
    if (ConnectedDatabaseE2E.dbResource(NAMESPACE, DATABASE).get() == null) {
      step(
          "applying MathesarDatabase "
              + NAMESPACE
              + "/"
              + DATABASE
              + " (created by Mathesar, sample data"
              + " library_management)");
      client.resource(library()).create();
    }
    awaitReady(started);
    ConnectedDatabaseE2E.awaitDatabase(
        NAMESPACE, DATABASE, Duration.ofMinutes(5), ConnectedDatabaseE2E.readyDb());
    out.printf(
        "  [%5s] MathesarDatabase %s: Connected%n",
        human(Duration.between(started, Instant.now())), DATABASE);
  }

  static org.mathesar.operator.customresource.MathesarDatabase library() {
    var spec = new org.mathesar.operator.customresource.MathesarDatabaseSpec();
    spec.setInstanceRef(new org.mathesar.operator.customresource.InstanceRef(NAME));
    spec.setDatabase(DATABASE);
    spec.setNickname("Library");
    spec.setCreate(true);
    spec.setSampleData(
        java.util.List.of(org.mathesar.operator.customresource.SampleDataSet.LIBRARY_MANAGEMENT));
    return ConnectedDatabaseE2E.named(NAMESPACE, DATABASE, spec);
  }

  /** Shows the phase and the Ready message whenever they change, until Ready. */
  static void awaitReady(Instant started) throws InterruptedException {
    String last = null;
    var deadline = Instant.now().plus(Duration.ofMinutes(15));
    while (Instant.now().isBefore(deadline)) {
      Mathesar m = E2ESupport.resource(NAMESPACE, NAME).get();
      if (m != null && m.getStatus() != null && m.getStatus().getPhase() != null) {
        var ready = Conditions.find(m.getStatus().getConditions(), "Ready").orElse(null);
        var line =
            m.getStatus().getPhase()
                + (ready == null ? "" : ": " + ready.getReason() + " - " + ready.getMessage());
        if (!Objects.equals(line, last)) {
          out.printf("  [%5s] %s%n", human(Duration.between(started, Instant.now())), line);
          last = line;
        }
        if (E2ESupport.ready().test(m)) {
          return;
        }
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException(
        "not Ready within 15 minutes; see kubectl describe mathesar " + NAME);
  }

  private static void step(String what) {
    out.println("[playground] " + what);
  }

  static String human(Duration d) {
    return d.toMinutes() > 0
        ? d.toMinutes() + "m" + String.format("%02d", d.toSecondsPart()) + "s"
        : d.toSeconds() + "s";
  }
}
