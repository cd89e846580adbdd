package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.mathesar.operator.customresource.SslMode;

/**
 * The environment of every Mathesar container the operator runs (web pods and Jobs). Passwords and
 * the secret key are referenced from Secrets, never copied.
 */
public final class MathesarEnvironment {
  public static final String MEDIA_ROOT = "/code/.media/";

  /** Variables the operator owns; spec.env cannot override them. */
  public static final Set<String> OWNED =
      Set.of(
          "POSTGRES_HOST",
          "POSTGRES_PORT",
          "POSTGRES_DB",
          "POSTGRES_USER",
          "POSTGRES_PASSWORD",
          "POSTGRES_SSLMODE",
          "PGSSLMODE",
          "PGSSLROOTCERT",
          "SECRET_KEY",
          "ALLOWED_HOSTS",
          "DEBUG",
          "DJANGO_SETTINGS_MODULE",
          "MEDIA_ROOT",
          "WEB_CONCURRENCY",
          "GUNICORN_CMD_ARGS");

  private MathesarEnvironment() {}

  public static List<EnvVar> build(ResolvedInstance instance) {
    var env = new ArrayList<EnvVar>();
    env.addAll(database(instance));
    env.add(
        secretRef("SECRET_KEY", instance.secretKeySecretName(), ObjectNames.SECRET_KEY_DATA_KEY));
    env.add(value("ALLOWED_HOSTS", String.join(",", allowedHosts(instance))));
    env.add(value("DEBUG", "false"));
    env.add(value("DJANGO_SETTINGS_MODULE", "config.settings.production"));
    env.add(value("MEDIA_ROOT", MEDIA_ROOT));
    env.add(value("WEB_CONCURRENCY", String.valueOf(instance.gunicorn().getWorkers())));
    env.add(value("GUNICORN_CMD_ARGS", "--timeout " + instance.gunicorn().getTimeoutSeconds()));
    env.addAll(settings(instance));
    env.addAll(userEnvironment(instance));
    return env;
  }

  /** spec.env entries that would override an owned variable: reported, then left out. */
  public static List<String> ignoredUserVariables(ResolvedInstance instance) {
    var owned = owned(instance);
    return instance.env().stream().map(EnvVar::getName).filter(owned::contains).distinct().toList();
  }

  private static List<EnvVar> userEnvironment(ResolvedInstance instance) {
    var owned = owned(instance);
    return instance.env().stream()
        .filter(e -> !owned.contains(e.getName()))
        .collect(Collectors.toList());
  }

  /**
   * OWNED plus the settings variables this instance sets. Those are owned only while their field is
   * set, so an instance that configures SSO or file storage through spec.env keeps working.
   */
  static Set<String> owned(ResolvedInstance instance) {
    var owned = new java.util.HashSet<>(OWNED);
    owned.addAll(SettingsEnvironment.names(instance));
    return owned;
  }

  /** Mathesar's own settings (spec.sso, fileStorage, loginPage, djangoAdmin). */
  private static List<EnvVar> settings(ResolvedInstance instance) {
    return SettingsEnvironment.build(instance);
  }

  private static List<EnvVar> database(ResolvedInstance instance) {
    if (instance.database() instanceof DatabaseMode.CloudNativePG cnpg) {
      // Everything from the Secret CloudNativePG keeps for the application user.
      var app = cnpg.appSecret();
      return List.of(
          secretRef("POSTGRES_HOST", app, "host"),
          secretRef("POSTGRES_PORT", app, "port"),
          secretRef("POSTGRES_DB", app, "dbname"),
          secretRef("POSTGRES_USER", app, "username"),
          secretRef("POSTGRES_PASSWORD", app, "password"),
          value("POSTGRES_SSLMODE", SslMode.PREFER.value()),
          value("PGSSLMODE", SslMode.PREFER.value()));
    }
    var db = (DatabaseMode.External) instance.database();
    var credentials = db.credentials();
    var sslMode = db.sslMode();
    var env =
        new ArrayList<>(
            List.of(
                value("POSTGRES_HOST", db.host()),
                value("POSTGRES_PORT", String.valueOf(db.port())),
                value("POSTGRES_DB", db.database()),
                secretRef("POSTGRES_USER", credentials.getName(), credentials.getUsernameKey()),
                secretRef("POSTGRES_PASSWORD", credentials.getName(), credentials.getPasswordKey()),
                value("POSTGRES_SSLMODE", sslMode.value()),
                // Mathesar 0.10.x and 0.11.0 drop POSTGRES_SSLMODE (their settings replace the
                // whole OPTIONS dict; seen on a running 0.11.0), but libpq honours PGSSLMODE from
                // the environment.
                value("PGSSLMODE", sslMode.value())));
    if (db.caSecret() != null) {
      env.add(value("PGSSLROOTCERT", DatabaseCa.FILE));
    }
    return env;
  }

  /**
   * Django answers 400 to a Host it does not know: the public host names, the Service's in-cluster
   * names, and localhost (which the probes send).
   */
  static List<String> allowedHosts(ResolvedInstance instance) {
    var hosts = new LinkedHashSet<String>();
    hosts.addAll(instance.hostnames());
    var svc = instance.name();
    var ns = instance.namespace();
    hosts.add(svc);
    hosts.add(svc + "." + ns);
    hosts.add(svc + "." + ns + ".svc");
    hosts.add(svc + "." + ns + ".svc.cluster.local");
    hosts.add(".localhost");
    hosts.add("127.0.0.1");
    hosts.add("[::1]");
    return List.copyOf(hosts);
  }

  private static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar secretRef(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
