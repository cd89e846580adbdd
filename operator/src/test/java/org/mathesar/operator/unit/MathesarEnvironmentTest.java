package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.CredentialsSecretRef;
import org.mathesar.operator.customresource.GunicornSpec;
import org.mathesar.operator.customresource.SslMode;
import org.mathesar.operator.desired.MathesarEnvironment;

class MathesarEnvironmentTest {
  private static Map<String, EnvVar> byName(List<EnvVar> env) {
    return env.stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));
  }

  @Test
  void databaseVariablesComeFromTheExternalSpec() {
    var m = TestResources.mathesar();
    TestResources.external(m).setPort(6543);
    TestResources.external(m).setSslMode(SslMode.REQUIRE);

    var env = byName(MathesarEnvironment.build(TestResources.resolved(m)));

    assertThat(env.get("POSTGRES_HOST").getValue()).isEqualTo(TestResources.DB_HOST);
    assertThat(env.get("POSTGRES_PORT").getValue()).isEqualTo("6543");
    assertThat(env.get("POSTGRES_DB").getValue()).isEqualTo(TestResources.DB_NAME);
    assertThat(env.get("POSTGRES_SSLMODE").getValue()).isEqualTo("require");
    // libpq reads PGSSLMODE; the Mathesar versions we run ignore POSTGRES_SSLMODE.
    assertThat(env.get("PGSSLMODE").getValue()).isEqualTo("require");
  }

  @Test
  void missingPortAndSslModeFallBackToDefaults() {
    var m = TestResources.mathesar();
    TestResources.external(m).setPort(null);
    TestResources.external(m).setSslMode(null);

    var env = byName(MathesarEnvironment.build(TestResources.resolved(m)));

    assertThat(env.get("POSTGRES_PORT").getValue()).isEqualTo("5432");
    assertThat(env.get("POSTGRES_SSLMODE").getValue()).isEqualTo("prefer");
  }

  @Test
  void credentialsAreReferencedFromTheSecretUnderTheConfiguredKeys() {
    var m = TestResources.mathesar();
    var ref = new CredentialsSecretRef("pg-login");
    ref.setUsernameKey("user");
    ref.setPasswordKey("pass");
    TestResources.external(m).setCredentialsSecret(ref);

    var env = byName(MathesarEnvironment.build(TestResources.resolved(m)));

    var user = env.get("POSTGRES_USER");
    assertThat(user.getValue()).isNull();
    assertThat(user.getValueFrom().getSecretKeyRef().getName()).isEqualTo("pg-login");
    assertThat(user.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("user");
    var password = env.get("POSTGRES_PASSWORD");
    assertThat(password.getValue()).isNull();
    assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("pg-login");
    assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("pass");
  }

  // --- CloudNativePG mode

  private static void assertFromAppSecret(EnvVar var, String secret, String key) {
    assertThat(var).as(key).isNotNull();
    assertThat(var.getValue()).as(var.getName() + " has no inline value").isNull();
    assertThat(var.getValueFrom().getSecretKeyRef().getName()).as(var.getName()).isEqualTo(secret);
    assertThat(var.getValueFrom().getSecretKeyRef().getKey()).as(var.getName()).isEqualTo(key);
  }

  @Test
  void cloudNativePGConnectionComesFromTheClustersAppSecret() {
    var env =
        byName(
            MathesarEnvironment.build(TestResources.resolved(TestResources.cloudNativePG("shop"))));

    assertFromAppSecret(env.get("POSTGRES_HOST"), "shop-db-app", "host");
    assertFromAppSecret(env.get("POSTGRES_PORT"), "shop-db-app", "port");
    assertFromAppSecret(env.get("POSTGRES_DB"), "shop-db-app", "dbname");
    assertFromAppSecret(env.get("POSTGRES_USER"), "shop-db-app", "username");
    assertFromAppSecret(env.get("POSTGRES_PASSWORD"), "shop-db-app", "password");
  }

  @Test
  void cloudNativePGSslModeIsPrefer() {
    var env =
        byName(MathesarEnvironment.build(TestResources.resolved(TestResources.cloudNativePG())));

    assertThat(env.get("POSTGRES_SSLMODE").getValue()).isEqualTo("prefer");
    assertThat(env.get("POSTGRES_SSLMODE").getValueFrom()).isNull();
    assertThat(env.get("PGSSLMODE").getValue()).isEqualTo("prefer");
  }

  @Test
  void cloudNativePGSetsExactlyTheOwnedVariables() {
    var env = MathesarEnvironment.build(TestResources.resolved(TestResources.cloudNativePG()));

    // PGSSLROOTCERT only with an external database's CA Secret (DatabaseCaTest).
    assertThat(env).extracting(EnvVar::getName).containsExactlyInAnyOrderElementsOf(withoutCa());
  }

  private static java.util.Set<String> withoutCa() {
    var owned = new java.util.TreeSet<>(MathesarEnvironment.OWNED);
    owned.remove("PGSSLROOTCERT");
    return owned;
  }

  @Test
  void cloudNativePGModeLeavesTheRestOfTheEnvironmentAsInExternalMode() {
    var cnpg =
        byName(
            MathesarEnvironment.build(TestResources.resolved(TestResources.cloudNativePG("shop"))));
    var external =
        byName(MathesarEnvironment.build(TestResources.resolved(TestResources.mathesar("shop"))));

    for (var name :
        List.of(
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "MEDIA_ROOT",
            "WEB_CONCURRENCY",
            "GUNICORN_CMD_ARGS")) {
      assertThat(cnpg.get(name)).as(name).isEqualTo(external.get(name));
    }
  }

  @Test
  void cloudNativePGDatabaseVariablesCannotBeOverridden() {
    var m = TestResources.cloudNativePG();
    m.getSpec()
        .setEnv(
            List.of(
                TestResources.env("POSTGRES_HOST", "evil.example"),
                TestResources.env("POSTGRES_SSLMODE", "disable")));

    var env = MathesarEnvironment.build(TestResources.resolved(m));

    assertThat(env).extracting(EnvVar::getName).doesNotHaveDuplicates();
    var named = byName(env);
    assertFromAppSecret(named.get("POSTGRES_HOST"), "demo-db-app", "host");
    assertThat(named.get("POSTGRES_SSLMODE").getValue()).isEqualTo("prefer");
  }

  @Test
  void secretKeyIsReferencedFromTheGeneratedSecret() {
    var env =
        byName(MathesarEnvironment.build(TestResources.resolved(TestResources.mathesar("shop"))));

    var key = env.get("SECRET_KEY");
    assertThat(key.getValue()).isNull();
    assertThat(key.getValueFrom().getSecretKeyRef().getName()).isEqualTo("shop-secret-key");
    assertThat(key.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("secret-key");
  }

  @Test
  void secretKeyIsReferencedFromTheUserSecretWhenNamed() {
    var m = TestResources.mathesar();
    m.getSpec().setSecretKeySecret("own-key");

    var env = byName(MathesarEnvironment.build(TestResources.resolved(m)));

    assertThat(env.get("SECRET_KEY").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("own-key");
  }

  @Test
  void noVariableCarriesASecretValue() {
    var env = MathesarEnvironment.build(TestResources.resolved(TestResources.mathesar()));

    assertThat(env)
        .filteredOn(e -> e.getValue() != null)
        .extracting(EnvVar::getValue)
        .noneMatch(v -> v.contains(TestResources.DB_PASSWORD));
  }

  @Test
  void fixedDjangoSettings() {
    var env = byName(MathesarEnvironment.build(TestResources.resolved(TestResources.mathesar())));

    assertThat(env.get("DEBUG").getValue()).isEqualTo("false");
    assertThat(env.get("DJANGO_SETTINGS_MODULE").getValue())
        .isEqualTo("config.settings.production");
    assertThat(env.get("MEDIA_ROOT").getValue()).isEqualTo("/code/.media/");
  }

  @Test
  void gunicornSettingsBecomeWebConcurrencyAndTimeout() {
    var m = TestResources.mathesar();
    var g = new GunicornSpec();
    g.setWorkers(5);
    g.setTimeoutSeconds(120);
    m.getSpec().setGunicorn(g);

    var env = byName(MathesarEnvironment.build(TestResources.resolved(m)));

    assertThat(env.get("WEB_CONCURRENCY").getValue()).isEqualTo("5");
    assertThat(env.get("GUNICORN_CMD_ARGS").getValue()).isEqualTo("--timeout 120");
  }

  @Test
  void gunicornDefaultsWhenUnset() {
    var m = TestResources.mathesar();
    m.getSpec().setGunicorn(null);

    var env = byName(MathesarEnvironment.build(TestResources.resolved(m)));

    assertThat(env.get("WEB_CONCURRENCY").getValue()).isEqualTo("3");
    assertThat(env.get("GUNICORN_CMD_ARGS").getValue()).isEqualTo("--timeout 300");
  }

  @Test
  void allowedHostsListHostnameServiceNamesAndLocalhost() {
    var m = TestResources.mathesar("shop");
    m.getSpec().setHostname("data.example.com");

    var env = byName(MathesarEnvironment.build(TestResources.resolved(m)));

    assertThat(env.get("ALLOWED_HOSTS").getValue())
        .isEqualTo(
            "data.example.com,shop,shop.team-a,shop.team-a.svc,shop.team-a.svc.cluster.local,"
                + ".localhost,127.0.0.1,[::1]");
  }

  @Test
  void allowedHostsListAdditionalHostnamesAfterTheHostname() {
    var m = TestResources.mathesar("shop");
    m.getSpec().setHostname("data.example.com");
    m.getSpec().setAdditionalHostnames(List.of("mathesar.example.org", "db.example.net"));

    var env = byName(MathesarEnvironment.build(TestResources.resolved(m)));

    assertThat(env.get("ALLOWED_HOSTS").getValue())
        .startsWith("data.example.com,mathesar.example.org,db.example.net,shop,");
  }

  @Test
  void allowedHostsWithoutHostnameStartWithTheServiceName() {
    var env =
        byName(MathesarEnvironment.build(TestResources.resolved(TestResources.mathesar("shop"))));

    assertThat(env.get("ALLOWED_HOSTS").getValue().split(","))
        .containsExactly(
            "shop",
            "shop.team-a",
            "shop.team-a.svc",
            "shop.team-a.svc.cluster.local",
            ".localhost",
            "127.0.0.1",
            "[::1]");
  }

  @Test
  void userVariablesAreAppendedButCannotOverrideOwnedOnes() {
    var m = TestResources.mathesar();
    m.getSpec()
        .setEnv(
            List.of(
                TestResources.env("TZ", "Europe/Berlin"),
                TestResources.env("DEBUG", "true"),
                TestResources.env("POSTGRES_HOST", "evil.example"),
                TestResources.env("LOG_LEVEL", "debug")));

    var env = MathesarEnvironment.build(TestResources.resolved(m));

    assertThat(env).extracting(EnvVar::getName).doesNotHaveDuplicates();
    assertThat(env.subList(env.size() - 2, env.size()))
        .extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("TZ", "Europe/Berlin"),
            org.assertj.core.groups.Tuple.tuple("LOG_LEVEL", "debug"));
    var named = byName(env);
    assertThat(named.get("DEBUG").getValue()).isEqualTo("false");
    assertThat(named.get("POSTGRES_HOST").getValue()).isEqualTo(TestResources.DB_HOST);
  }

  @Test
  void ownedVariablesAreExactlyThoseTheOperatorSets() {
    var m = TestResources.mathesar();
    TestResources.external(m)
        .setCaSecret(new org.mathesar.operator.customresource.CaCertificateRef("db-ca"));
    var env = MathesarEnvironment.build(TestResources.resolved(m));

    assertThat(env)
        .extracting(EnvVar::getName)
        .containsExactlyInAnyOrderElementsOf(MathesarEnvironment.OWNED);
    assertThat(MathesarEnvironment.build(TestResources.resolved(TestResources.mathesar())))
        .extracting(EnvVar::getName)
        .containsExactlyInAnyOrderElementsOf(withoutCa());
  }

  @Test
  void ignoredUserVariablesNameEachOwnedOverrideOnce() {
    var m = TestResources.mathesar();
    m.getSpec()
        .setEnv(
            List.of(
                TestResources.env("SECRET_KEY", "x"),
                TestResources.env("TZ", "UTC"),
                TestResources.env("SECRET_KEY", "y"),
                TestResources.env("ALLOWED_HOSTS", "*")));

    assertThat(MathesarEnvironment.ignoredUserVariables(TestResources.resolved(m)))
        .containsExactly("SECRET_KEY", "ALLOWED_HOSTS");
  }

  @Test
  void noUserEnvironmentMeansNothingIgnored() {
    var m = TestResources.mathesar();
    m.getSpec().setEnv(null);

    assertThat(MathesarEnvironment.ignoredUserVariables(TestResources.resolved(m))).isEmpty();
  }
}
