package org.mathesar.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a backup of an instance must carry, made as a user makes it: a connected database `shop`
 * with a table of 3 rows (its role's password stored by Mathesar, encrypted with the SECRET_KEY), a
 * data file uploaded through the UI's import path, and a second user. {@link #assertRestored} is
 * what an instance restored from that backup must show.
 *
 * @param pg the PostgreSQL server of the instance's namespace, which holds `shop`
 * @param uploadId the data file's id in Mathesar
 * @param uploadPath where Mathesar put its file, under /code/.media/
 */
record BackedUpContent(PostgresServer pg, int uploadId, String uploadPath) {
  static final byte[] PRICES =
      "item,price\nbike,120\nhelmet,35\nlamp,12\n".getBytes(StandardCharsets.UTF_8);
  static final String SECOND_USER = "analyst";
  static final String SECOND_PASSWORD = "analyst-password-1";

  /**
   * A server, the database `shop`, the instance `name` Ready, connected to `shop`, and the rest.
   */
  static BackedUpContent create(String ns, String name) throws Exception {
    var pg = PostgresServer.start(E2ESupport.client(), ns);
    pg.sql(PostgresServer.DATABASE, "CREATE ROLE shop_owner LOGIN PASSWORD 'shop-password'");
    pg.sql(PostgresServer.DATABASE, "CREATE DATABASE shop OWNER shop_owner");
    pg.sql(
        "shop",
        "CREATE TABLE orders (id int PRIMARY KEY, item text); INSERT INTO orders VALUES"
            + " (1, 'bike'), (2, 'helmet'), (3, 'lamp'); ALTER TABLE orders OWNER TO shop_owner");
    ConnectedDatabaseE2E.credentials(ns, "shop-credentials", "shop-password");
    E2ESupport.client().resource(E2ESupport.mathesar(ns, name, RealCluster.VERSION)).create();
    E2ESupport.awaitMathesar(ns, name, RealCluster.READY_TIMEOUT, E2ESupport.ready());
    E2ESupport.client()
        .resource(ConnectedDatabaseE2E.database(ns, "shop", "shop", "shop-credentials", pg.host()))
        .create();
    ConnectedDatabaseE2E.awaitDatabase(
        ns, "shop", Duration.ofMinutes(2), ConnectedDatabaseE2E.readyDb());
    var admin = E2ESupport.adminCredentials(ns, name);
    try (var endpoint = ServiceEndpoint.open(E2ESupport.client(), ns, name)) {
      var ui = new MathesarWeb(endpoint);
      assertThat(ui.login(admin.get("username"), admin.get("password")).statusCode())
          .isEqualTo(302);
      var answer = ui.uploadDataFile("prices.csv", PRICES);
      var url = answer.get("file").asText();
      ui.rpc(
          "users.add",
          Map.of(
              "user_def",
              Map.of(
                  "username",
                  SECOND_USER,
                  "password",
                  SECOND_PASSWORD,
                  "is_superuser",
                  false,
                  "email",
                  "analyst@example.org")));
      return new BackedUpContent(
          pg,
          answer.get("id").asInt(),
          "/code/.media/" + url.substring(url.indexOf("/media/") + "/media/".length()));
    }
  }

  /**
   * The restored instance: the backup's admin and the second user log in (a wrong password is
   * refused), the connected database reads its 3 rows (its stored password decrypted with the
   * restored key), the data file is listed and its file reads byte for byte.
   */
  void assertRestored(String ns, String name, Secret keys) throws Exception {
    try (var endpoint = ServiceEndpoint.open(E2ESupport.client(), ns, name)) {
      var web = new MathesarWeb(endpoint);
      assertThat(E2ESupport.loginAsBackupAdmin(web, keys))
          .as("the backup's admin logs in to the restored instance")
          .isEqualTo(302);
      assertThat(ConnectedDatabaseE2E.rows(web, "shop", "orders"))
          .as("rows of the connected database, read with the password stored under the old key")
          .isEqualTo(3);
      assertThat(web.dataFiles())
          .as("the uploaded data file is listed")
          .anySatisfy(f -> assertThat(f.get("id").asInt()).isEqualTo(uploadId));
      var analyst = new MathesarWeb(endpoint);
      assertThat(analyst.login(SECOND_USER, "not-the-password").statusCode())
          .as("a wrong password is refused")
          .isEqualTo(200);
      assertThat(analyst.login(SECOND_USER, SECOND_PASSWORD).statusCode())
          .as("the second user logs in")
          .isEqualTo(302);
    }
    var pod = E2ESupport.webPods(ns, name).get(0);
    var read =
        E2ESupport.client()
            .pods()
            .inNamespace(ns)
            .withName(pod.getMetadata().getName())
            .inContainer("mathesar")
            .redirectingOutput()
            .exec("cat", uploadPath);
    assertThat(read.exitCode().get(30, TimeUnit.SECONDS)).isZero();
    assertThat(read.getOutput().readAllBytes())
        .as("the uploaded file, byte for byte")
        .isEqualTo(PRICES);
  }

  /** A Secret of already encoded values, as copied from another Secret's data. */
  static void copySecret(String ns, String name, Map<String, String> data) {
    E2ESupport.client()
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withData(data)
                .build())
        .create();
  }
}
