package org.mathesar.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.DeletionPolicy;

/**
 * Scenario 2: the SECRET_KEY and the data outlive the operator's pod and the resource itself. A
 * user database connected through the API (its password stored encrypted with the key) and a table
 * in it still open after the operator restarts, and after the Mathesar is deleted (Retain) and
 * re-created. With deletionPolicy Delete the real garbage collector removes the owned objects and
 * nothing of the user's own.
 */
class DataSurvivesE2E extends E2ESupport {
  private static final String NAME = "keep";

  @Test
  void keyAndDataSurviveOperatorRestartAndRecreation() throws Exception {
    var ns = RealCluster.newNamespace("survive");
    var pg = PostgresServer.start(client(), ns);
    var jobs = new JobLog(client(), ns);
    client().resource(mathesar(ns, NAME, RealCluster.VERSION)).create();
    awaitMathesar(ns, NAME, RealCluster.READY_TIMEOUT, ready());

    UserData data;
    try (var endpoint = ServiceEndpoint.open(client(), ns, NAME)) {
      var web = loggedIn(endpoint, ns, NAME);
      data = UserData.create(web, "userdata", "survivors");
      assertThat(data.tables(web)).contains("survivors");
    }
    var key = client().secrets().inNamespace(ns).withName(NAME + "-secret-key").require().getData();
    var admin = adminCredentials(ns, NAME);

    // The operator's pod deleted: the new one changes nothing and runs no Job again.
    var podsBefore = uids(webPods(ns, NAME));
    var jobsBefore = jobs.all().size();
    var deploymentGeneration = deploymentGeneration(ns);
    var oldOperator = RealCluster.operatorPod().orElseThrow();
    client().resource(oldOperator).delete();
    await("a new operator pod")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                RealCluster.operatorPod()
                    .filter(
                        p -> !p.getMetadata().getUid().equals(oldOperator.getMetadata().getUid()))
                    .filter(io.fabric8.kubernetes.client.readiness.Readiness::isPodReady)
                    .isPresent());
    // Stability is the claim: for 20 s after the new operator is ready, nothing it owns moves.
    await()
        .during(Duration.ofSeconds(20))
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                uids(webPods(ns, NAME)).equals(podsBefore)
                    && jobs.all().size() == jobsBefore
                    && deploymentGeneration(ns) == deploymentGeneration
                    && ready().test(resource(ns, NAME).get()));
    report(
        "survive",
        "operator pod replaced: same web pods, no new Job, Deployment generation unchanged, still Ready");

    // Deleted with deletionPolicy Retain (the default): the key, admin, media and database stay.
    var owned = ownedKinds(ns);
    resource(ns, NAME).delete();
    await("Mathesar gone")
        .atMost(Duration.ofMinutes(2))
        .until(() -> resource(ns, NAME).get() == null);
    await("the garbage collector removes the Deployment")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> client().apps().deployments().inNamespace(ns).withName(NAME).get() == null);
    assertThat(client().secrets().inNamespace(ns).withName(NAME + "-secret-key").get()).isNotNull();
    assertThat(client().secrets().inNamespace(ns).withName(NAME + "-admin").get()).isNotNull();
    assertThat(client().persistentVolumeClaims().inNamespace(ns).withName(NAME + "-media").get())
        .isNotNull();
    assertThat(pg.sql(PostgresServer.DATABASE, "select count(*) from mathesar_user"))
        .isEqualTo("1");

    // Re-created: adopted, same key and admin, and the stored password still decrypts.
    client().resource(mathesar(ns, NAME, RealCluster.VERSION)).create();
    awaitMathesar(ns, NAME, RealCluster.READY_TIMEOUT, ready());
    assertThat(
            client().secrets().inNamespace(ns).withName(NAME + "-secret-key").require().getData())
        .isEqualTo(key);
    assertThat(adminCredentials(ns, NAME)).isEqualTo(admin);
    try (var endpoint = ServiceEndpoint.open(client(), ns, NAME)) {
      var web = loggedIn(endpoint, ns, NAME);
      assertThat(data.tables(web))
          .as("tables of the connected database, after re-creation")
          .contains("survivors");
    }
    report(
        "survive",
        "deleted (Retain) and re-created: same SECRET_KEY and admin, login works, connected database "
            + "`userdata` still lists table `survivors`; owned kinds before deletion: "
            + owned);

    // deletionPolicy Delete: the garbage collector takes the owned objects, never the user's.
    edit(
        ns,
        NAME,
        m -> {
          m.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
          return m;
        });
    awaitMathesar(ns, NAME, Duration.ofMinutes(1), ready());
    resource(ns, NAME).delete();
    await("owned objects collected")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                client().apps().deployments().inNamespace(ns).withName(NAME).get() == null
                    && client().services().inNamespace(ns).withName(NAME).get() == null
                    && client().secrets().inNamespace(ns).withName(NAME + "-secret-key").get()
                        == null
                    && client().secrets().inNamespace(ns).withName(NAME + "-admin").get() == null
                    && client()
                            .persistentVolumeClaims()
                            .inNamespace(ns)
                            .withName(NAME + "-media")
                            .get()
                        == null);
    assertThat(client().secrets().inNamespace(ns).withName(PostgresServer.CREDENTIALS).get())
        .isNotNull();
    assertThat(
            pg.sql(
                "userdata",
                "select count(*) from information_schema.tables where table_name = 'survivors'"))
        .as("the user's database is never touched")
        .isEqualTo("1");
    report(
        "survive",
        "deletionPolicy Delete: Deployment, Service, both Secrets and the PVC collected; "
            + "credentials Secret and the user database with its table untouched; Jobs seen: "
            + jobs.summary("migrate"));
    jobs.close();
  }

  private static List<String> uids(List<? extends HasMetadata> items) {
    return items.stream().map(i -> i.getMetadata().getUid()).sorted().toList();
  }

  private static long deploymentGeneration(String ns) {
    return client()
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName(NAME)
        .require()
        .getMetadata()
        .getGeneration();
  }

  private static String ownedKinds(String ns) {
    var uid = resource(ns, NAME).require().getMetadata().getUid();
    var kinds = new java.util.TreeSet<String>();
    RealCluster.ownedBy(client().apps().deployments().inNamespace(ns).list().getItems(), uid)
        .forEach(i -> kinds.add("Deployment"));
    RealCluster.ownedBy(client().services().inNamespace(ns).list().getItems(), uid)
        .forEach(i -> kinds.add("Service"));
    RealCluster.ownedBy(client().secrets().inNamespace(ns).list().getItems(), uid)
        .forEach(i -> kinds.add("Secret/" + i.getMetadata().getName()));
    RealCluster.ownedBy(client().persistentVolumeClaims().inNamespace(ns).list().getItems(), uid)
        .forEach(i -> kinds.add("PVC"));
    return String.join(", ", kinds);
  }
}
