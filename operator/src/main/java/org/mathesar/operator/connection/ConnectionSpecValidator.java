package org.mathesar.operator.connection;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.mathesar.operator.customresource.ConnectionSslMode;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarDatabase;
import org.mathesar.operator.customresource.MathesarDatabaseSpec;
import org.mathesar.operator.customresource.MathesarDatabaseStatus;
import org.mathesar.operator.customresource.SampleDataSet;
import org.mathesar.operator.desired.DatabaseMode;
import org.mathesar.operator.lookup.SecretLookup;
import org.mathesar.operator.lookup.SecretValues;
import org.mathesar.operator.validation.SpecProblem;

/**
 * Checks a MathesarDatabase against its namespace (instance, Secret, the other MathesarDatabases)
 * and, when nothing is wrong, resolves it into the {@link DesiredConnection}. Every problem is
 * returned at once, before any call to Mathesar. Pure.
 */
public final class ConnectionSpecValidator {
  public static final int DEFAULT_PORT = 5432;

  private ConnectionSpecValidator() {}

  /** Either the connection to make or what stops it; never both. */
  public record Result(Optional<DesiredConnection> desired, List<SpecProblem> problems) {}

  /** Where a database is, without credentials: two resources naming the same one conflict. */
  record Target(String instance, String host, int port, String database) {}

  public static Result validate(
      MathesarDatabase db,
      Optional<Mathesar> instance,
      SecretLookup secrets,
      List<MathesarDatabase> siblings) {
    var problems = new ArrayList<SpecProblem>();
    var spec = db.getSpec();
    if (spec == null || spec.getInstanceRef() == null || spec.getDatabase() == null) {
      problems.add(
          new SpecProblem(
              "InvalidSpec", "spec", "spec.instanceRef.name and spec.database are required"));
      return new Result(Optional.empty(), problems);
    }
    var ns = db.getMetadata().getNamespace();
    if (instance.isEmpty()) {
      problems.add(SpecProblem.instanceNotFound(spec.getInstanceRef().getName(), ns));
      return new Result(Optional.empty(), problems);
    }
    var create = Boolean.TRUE.equals(spec.getCreate());
    if (create
        && (spec.getHost() != null
            || spec.getCredentialsSecret() != null
            || spec.getPort() != null)) {
      problems.add(
          new SpecProblem(
              "CreateOnInstanceServer",
              "spec.create",
              "create: true makes the database on the instance's own PostgreSQL server with the instance's role;"
                  + " remove spec.host, spec.port and spec.credentialsSecret, or set create: false to connect the"
                  + " database they name"));
    }
    if (!create && spec.getHost() == null) {
      problems.add(
          new SpecProblem(
              "HostRequired",
              "spec.host",
              "name the PostgreSQL server as Mathesar's pods reach it, or set spec.create: true"));
    }
    if (!create
        && (spec.getCredentialsSecret() == null || spec.getCredentialsSecret().getName() == null)) {
      problems.add(
          new SpecProblem(
              "CredentialsSecretRequired",
              "spec.credentialsSecret.name",
              "name a Secret in " + ns + " with the role's username and password"));
    }
    if (!problems.isEmpty()) {
      return new Result(Optional.empty(), problems);
    }
    var target =
        create ? instanceServer(instance.get(), secrets) : Optional.of(credentialsOf(spec));
    if (target.isEmpty()) {
      problems.add(
          new SpecProblem(
              "InstanceDatabaseUnknown",
              "spec.instanceRef.name",
              "the internal database of Mathesar "
                  + instance.get().getMetadata().getName()
                  + " is not known yet (its CloudNativePG Secret is missing);"
                  + " the operator tries again when it appears"));
    }
    if (!problems.isEmpty()) {
      return new Result(Optional.empty(), problems);
    }
    var server = target.get();
    var field = create ? "the instance's database Secret " : "spec.credentialsSecret: Secret ";
    Optional<Secret> secret = secrets.find(ns, server.secret());
    if (secret.isEmpty()) {
      problems.add(
          new SpecProblem(
              "CredentialsSecretMissing",
              create ? "spec.instanceRef.name" : "spec.credentialsSecret.name",
              field + server.secret() + " does not exist in " + ns + "; create it"));
    } else {
      for (var key : List.of(server.usernameKey(), server.passwordKey())) {
        if (SecretValues.of(secret.get(), key).isEmpty()) {
          problems.add(
              new SpecProblem(
                  "CredentialsKeyMissing",
                  create ? "spec.instanceRef.name" : "spec.credentialsSecret",
                  field
                      + server.secret()
                      + " has no key "
                      + key
                      + "; add it or name the right key"
                      + (create ? "" : " (usernameKey, passwordKey)")));
        }
      }
    }
    if (!problems.isEmpty()) {
      return new Result(Optional.empty(), problems);
    }
    var host = server.host() != null ? server.host() : spec.getHost();
    var port =
        server.port() != null
            ? server.port()
            : spec.getPort() != null ? spec.getPort() : DEFAULT_PORT;
    var mine = new Target(spec.getInstanceRef().getName(), host, port, spec.getDatabase());
    olderTwin(db, mine, instance.get(), secrets, siblings)
        .ifPresent(
            other ->
                problems.add(
                    new SpecProblem(
                        "DuplicateDatabase",
                        "spec.database",
                        "MathesarDatabase "
                            + other
                            + " already connects "
                            + host
                            + ":"
                            + port
                            + "/"
                            + spec.getDatabase()
                            + " to "
                            + mine.instance()
                            + "; delete one of the two")));
    var role = SecretValues.of(secret.get(), server.usernameKey()).orElseThrow();
    olderRoleHolder(db, mine, role, server, instance.get(), secrets, siblings)
        .ifPresent(
            other ->
                problems.add(
                    new SpecProblem(
                        "RoleCredentialsConflict",
                        "spec.credentialsSecret",
                        "MathesarDatabase "
                            + other.name()
                            + ", an older one, uses role "
                            + role
                            + " on "
                            + host
                            + ":"
                            + port
                            + " with the password in Secret "
                            + other.credentials().secret()
                            + " (key "
                            + other.credentials().passwordKey()
                            + "); Mathesar keeps one password per role and server, so name the same"
                            + " Secret and key here, or connect as another role")));
    var desired =
        new DesiredConnection(
            host,
            port,
            spec.getDatabase(),
            role,
            (spec.getSslMode() == null ? ConnectionSslMode.PREFER : spec.getSslMode()).value(),
            spec.getNickname(),
            create,
            spec.getSampleData() == null
                ? List.of()
                : spec.getSampleData().stream().map(SampleDataSet::value).toList(),
            server.secret(),
            server.usernameKey(),
            server.passwordKey(),
            secret.get().getMetadata().getResourceVersion());
    immutable(db, desired).ifPresent(problems::add);
    return problems.isEmpty()
        ? new Result(Optional.of(desired), List.of())
        : new Result(Optional.empty(), problems);
  }

  /**
   * Once connected, another server, database or role is refused rather than followed: following it
   * would disconnect what is connected on the strength of an edit that may be a typo.
   */
  static Optional<SpecProblem> immutable(MathesarDatabase db, DesiredConnection desired) {
    var status = db.getStatus();
    if (status == null || status.getConnection() == null) {
      return Optional.empty();
    }
    if (!status.getConnection().equals(desired.identity())) {
      return Optional.of(
          new SpecProblem(
              "ConnectionChanged",
              "spec.database",
              "this resource connects "
                  + status.getConnection()
                  + "; it cannot be moved to "
                  + desired.identity()
                  + ". Put the previous values"
                  + " back, or create another MathesarDatabase for the other database (and delete this one to disconnect it)"));
    }
    if (status.getRole() != null && !status.getRole().equals(desired.role())) {
      return Optional.of(
          new SpecProblem(
              "RoleChanged",
              "spec.credentialsSecret",
              "Mathesar connects "
                  + status.getConnection()
                  + " as role "
                  + status.getRole()
                  + "; the Secret now names role "
                  + desired.role()
                  + ". Put the username back (a new password is pushed), or re-create this resource to connect as the new role"));
    }
    return Optional.empty();
  }

  /** The older resource (by creation, then name) naming the same database of the same instance. */
  private static Optional<String> olderTwin(
      MathesarDatabase db,
      Target mine,
      Mathesar instance,
      SecretLookup secrets,
      List<MathesarDatabase> siblings) {
    return olderSiblings(db, instance, secrets, siblings)
        .filter(o -> o.target().equals(mine))
        .findFirst()
        .map(Sibling::name);
  }

  /**
   * The oldest resource that reaches the same server as the same role, if it does so through
   * another Secret or key: the oldest holds the role, so a younger one is compared with it alone.
   * Mathesar stores one password per role and server (connect_existing reuses it and ignores the
   * one given), so a second source would go unchecked, and a change in it would be pushed onto the
   * connection of the first.
   */
  private static Optional<Sibling> olderRoleHolder(
      MathesarDatabase db,
      Target mine,
      String role,
      ServerCredentials credentials,
      Mathesar instance,
      SecretLookup secrets,
      List<MathesarDatabase> siblings) {
    return olderSiblings(db, instance, secrets, siblings)
        .filter(o -> o.target().host().equals(mine.host()) && o.target().port() == mine.port())
        .filter(o -> o.role().filter(role::equals).isPresent())
        .findFirst()
        .filter(
            o ->
                !o.credentials().secret().equals(credentials.secret())
                    || !o.credentials().passwordKey().equals(credentials.passwordKey()));
  }

  /** Another resource of the same instance, resolved as far as its spec and Secret allow. */
  private record Sibling(
      String name, Target target, ServerCredentials credentials, Optional<String> role) {}

  /**
   * The resources of the same instance created before this one, oldest first. One being deleted
   * still counts until it is gone: its finalizer may yet disconnect what a younger one would take.
   */
  private static Stream<Sibling> olderSiblings(
      MathesarDatabase db,
      Mathesar instance,
      SecretLookup secrets,
      List<MathesarDatabase> siblings) {
    return siblings.stream()
        .filter(o -> !o.getMetadata().getName().equals(db.getMetadata().getName()))
        .filter(o -> o.getSpec() != null)
        .filter(o -> AGE.compare(o, db) < 0)
        .sorted(AGE)
        .flatMap(o -> resolve(o, instance, secrets).stream());
  }

  private static final Comparator<MathesarDatabase> AGE =
      Comparator.comparing(
              (MathesarDatabase o) ->
                  Objects.requireNonNullElse(o.getMetadata().getCreationTimestamp(), ""))
          .thenComparing(o -> o.getMetadata().getName());

  private static Optional<Sibling> resolve(
      MathesarDatabase o, Mathesar instance, SecretLookup secrets) {
    var spec = o.getSpec();
    if (spec.getInstanceRef() == null
        || !instance.getMetadata().getName().equals(spec.getInstanceRef().getName())) {
      return Optional.empty();
    }
    var create = Boolean.TRUE.equals(spec.getCreate());
    if (!create && (spec.getCredentialsSecret() == null || spec.getHost() == null)) {
      return Optional.empty();
    }
    var server = create ? instanceServer(instance, secrets) : Optional.of(credentialsOf(spec));
    return server.map(
        s ->
            new Sibling(
                o.getMetadata().getName(),
                new Target(
                    spec.getInstanceRef().getName(),
                    s.host() != null ? s.host() : spec.getHost(),
                    s.port() != null
                        ? s.port()
                        : spec.getPort() != null ? spec.getPort() : DEFAULT_PORT,
                    spec.getDatabase()),
                s,
                connectedRole(o)
                    .or(
                        () ->
                            secrets
                                .find(o.getMetadata().getNamespace(), s.secret())
                                .flatMap(secret -> SecretValues.of(secret, s.usernameKey())))));
  }

  /** The role Mathesar connects a resource as, whatever its Secret says now. */
  private static Optional<String> connectedRole(MathesarDatabase o) {
    return Optional.ofNullable(o.getStatus()).map(MathesarDatabaseStatus::getRole);
  }

  /** Where the role's credentials are; host and port only where they come from the instance. */
  record ServerCredentials(
      String host, Integer port, String secret, String usernameKey, String passwordKey) {}

  private static ServerCredentials credentialsOf(MathesarDatabaseSpec spec) {
    var ref = spec.getCredentialsSecret();
    return new ServerCredentials(
        null,
        null,
        ref.getName(),
        Objects.requireNonNullElse(ref.getUsernameKey(), "username"),
        Objects.requireNonNullElse(ref.getPasswordKey(), "password"));
  }

  /**
   * The instance's own server as its pods are told it (POSTGRES_HOST, POSTGRES_PORT), which is how
   * Mathesar records the server of a database it creates.
   */
  static Optional<ServerCredentials> instanceServer(Mathesar instance, SecretLookup secrets) {
    if (instance.getSpec() == null || instance.getSpec().getDatabase() == null) {
      return Optional.empty();
    }
    DatabaseMode mode;
    try {
      mode = DatabaseMode.of(instance);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (mode instanceof DatabaseMode.External ext) {
      var c = ext.credentials();
      return Optional.of(
          new ServerCredentials(
              ext.host(),
              ext.port(),
              c.getName(),
              Objects.requireNonNullElse(c.getUsernameKey(), "username"),
              Objects.requireNonNullElse(c.getPasswordKey(), "password")));
    }
    var cnpg = (DatabaseMode.CloudNativePG) mode;
    var app = secrets.find(instance.getMetadata().getNamespace(), cnpg.appSecret());
    return app.flatMap(
        s ->
            SecretValues.of(s, "host")
                .map(
                    host ->
                        new ServerCredentials(
                            host,
                            SecretValues.of(s, "port").map(Integer::valueOf).orElse(DEFAULT_PORT),
                            cnpg.appSecret(),
                            "username",
                            "password")));
  }
}
