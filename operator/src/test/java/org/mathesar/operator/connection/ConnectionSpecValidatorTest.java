package org.mathesar.operator.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.CredentialsSecretRef;
import org.mathesar.operator.customresource.InstanceRef;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarDatabase;
import org.mathesar.operator.customresource.MathesarDatabaseSpec;
import org.mathesar.operator.customresource.MathesarDatabaseStatus;
import org.mathesar.operator.it.OperatorTestBase;
import org.mathesar.operator.lookup.SecretLookup;
import org.mathesar.operator.validation.SpecProblem;

class ConnectionSpecValidatorTest {
  static final String NS = "shop";

  static MathesarDatabase db(String name, String database, String created) {
    var spec = new MathesarDatabaseSpec();
    spec.setInstanceRef(new InstanceRef("mathesar"));
    spec.setHost("pg.shop");
    spec.setDatabase(database);
    spec.setCredentialsSecret(new CredentialsSecretRef("sales-credentials"));
    var db = new MathesarDatabase();
    db.getMetadata().setName(name);
    db.getMetadata().setNamespace(NS);
    db.getMetadata().setCreationTimestamp(created);
    db.setSpec(spec);
    return db;
  }

  static Mathesar instance() {
    return OperatorTestBase.mathesar(NS, "mathesar", "internal-credentials");
  }

  static Secret secret(String name, Map<String, String> data, String version) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .withResourceVersion(version)
        .endMetadata()
        .withStringData(data)
        .build();
  }

  static final SecretLookup SECRETS =
      (ns, name) ->
          switch (name) {
            case "sales-credentials" ->
                Optional.of(secret(name, Map.of("username", "sales", "password", "pw"), "41"));
            case "sales-reader-credentials" ->
                Optional.of(
                    secret(name, Map.of("username", "sales", "password", "s3cr3t-reader"), "44"));
            case "internal-credentials" ->
                Optional.of(secret(name, Map.of("username", "mathesar", "password", "pw2"), "12"));
            default -> Optional.empty();
          };

  static List<String> reasons(ConnectionSpecValidator.Result r) {
    return r.problems().stream().map(SpecProblem::reason).toList();
  }

  @Test
  void aValidResourceResolvesWithItsDefaults() {
    var r =
        ConnectionSpecValidator.validate(
            db("sales", "sales", "2026-12-01T00:00:00Z"),
            Optional.of(instance()),
            SECRETS,
            List.of());
    assertThat(r.problems()).isEmpty();
    var d = r.desired().orElseThrow();
    assertThat(d.identity()).isEqualTo("pg.shop:5432/sales");
    assertThat(d.role()).isEqualTo("sales");
    assertThat(d.sslMode()).isEqualTo("prefer");
    assertThat(d.credentialsVersion()).isEqualTo("41");
  }

  @Test
  void createUsesTheInstancesOwnServerAndRole() {
    var db = db("made", "made", "2026-12-01T00:00:00Z");
    db.getSpec().setHost(null);
    db.getSpec().setCredentialsSecret(null);
    db.getSpec().setCreate(true);
    var d =
        ConnectionSpecValidator.validate(db, Optional.of(instance()), SECRETS, List.of())
            .desired()
            .orElseThrow();
    assertThat(d.identity()).isEqualTo("postgres.example.internal:5432/made");
    assertThat(d.role()).isEqualTo("mathesar");
    assertThat(d.credentialsSecret()).isEqualTo("internal-credentials");
  }

  @Test
  void everyProblemAtOnceWithItsField() {
    var db = db("bad", "sales", "2026-12-01T00:00:00Z");
    db.getSpec().setHost(null);
    db.getSpec().setCredentialsSecret(null);
    var r = ConnectionSpecValidator.validate(db, Optional.of(instance()), SECRETS, List.of());
    assertThat(reasons(r)).containsExactly("HostRequired", "CredentialsSecretRequired");
    assertThat(r.problems())
        .extracting(SpecProblem::field)
        .containsExactly("spec.host", "spec.credentialsSecret.name");
    assertThat(r.desired()).isEmpty();
  }

  @Test
  void missingInstanceSecretAndKey() {
    assertThat(
            reasons(
                ConnectionSpecValidator.validate(
                    db("a", "sales", null), Optional.empty(), SECRETS, List.of())))
        .containsExactly("InstanceNotFound");
    var noSecret = db("a", "sales", null);
    noSecret.getSpec().getCredentialsSecret().setName("nope");
    assertThat(
            reasons(
                ConnectionSpecValidator.validate(
                    noSecret, Optional.of(instance()), SECRETS, List.of())))
        .containsExactly("CredentialsSecretMissing");
    var noKey = db("a", "sales", null);
    noKey.getSpec().getCredentialsSecret().setPasswordKey("pass");
    var r = ConnectionSpecValidator.validate(noKey, Optional.of(instance()), SECRETS, List.of());
    assertThat(reasons(r)).containsExactly("CredentialsKeyMissing");
    assertThat(r.problems().get(0).message()).contains("no key pass").doesNotContain("pw");
  }

  @Test
  void theYoungerOfTwoResourcesForTheSameDatabaseIsRefused() {
    var older = db("first", "sales", "2026-12-01T00:00:00Z");
    var younger = db("second", "sales", "2026-12-02T00:00:00Z");
    var siblings = List.of(older, younger);
    assertThat(
            ConnectionSpecValidator.validate(older, Optional.of(instance()), SECRETS, siblings)
                .problems())
        .isEmpty();
    var r = ConnectionSpecValidator.validate(younger, Optional.of(instance()), SECRETS, siblings);
    assertThat(reasons(r)).containsExactly("DuplicateDatabase");
    assertThat(r.problems().get(0).message()).contains("first");
    var another = db("third", "other", "2026-12-03T00:00:00Z");
    assertThat(
            ConnectionSpecValidator.validate(
                    another, Optional.of(instance()), SECRETS, List.of(older, another))
                .problems())
        .isEmpty();
  }

  @Test
  void theSameRoleOnTheSameServerThroughAnotherSecretIsRefusedToTheYounger() {
    var older = db("first", "sales", "2026-12-01T00:00:00Z");
    var younger = db("second", "reports", "2026-12-02T00:00:00Z");
    younger.getSpec().getCredentialsSecret().setName("sales-reader-credentials");
    var siblings = List.of(older, younger);
    assertThat(
            ConnectionSpecValidator.validate(older, Optional.of(instance()), SECRETS, siblings)
                .problems())
        .isEmpty();
    var r = ConnectionSpecValidator.validate(younger, Optional.of(instance()), SECRETS, siblings);
    assertThat(reasons(r)).containsExactly("RoleCredentialsConflict");
    assertThat(r.problems().get(0).field()).isEqualTo("spec.credentialsSecret");
    assertThat(r.problems().get(0).message())
        .contains("first", "role sales", "Secret sales-credentials (key password)")
        .doesNotContain("pw", "s3cr3t-reader");
    assertThat(r.desired()).isEmpty();

    var sameSecretOtherKey = db("third", "reports", "2026-12-02T00:00:00Z");
    sameSecretOtherKey.getSpec().getCredentialsSecret().setPasswordKey("username");
    assertThat(
            reasons(
                ConnectionSpecValidator.validate(
                    sameSecretOtherKey,
                    Optional.of(instance()),
                    SECRETS,
                    List.of(older, sameSecretOtherKey))))
        .containsExactly("RoleCredentialsConflict");
  }

  @Test
  void theOldestHolderOfARoleIsTheOneComparedWith() {
    var holder = db("a", "sales", "2026-12-01T00:00:00Z");
    var refusedDuplicate = db("b", "sales", "2026-12-02T00:00:00Z");
    refusedDuplicate.getSpec().getCredentialsSecret().setName("sales-reader-credentials");
    var sameAsHolder = db("c", "reports", "2026-12-03T00:00:00Z");
    var siblings = List.of(holder, refusedDuplicate, sameAsHolder);
    assertThat(
            ConnectionSpecValidator.validate(
                    sameAsHolder, Optional.of(instance()), SECRETS, siblings)
                .problems())
        .isEmpty();
  }

  @Test
  void aConnectedHolderCountsByItsRoleInStatusAndWhileItIsDeleted() {
    var holder = db("a", "sales", "2026-12-01T00:00:00Z");
    holder.getSpec().getCredentialsSecret().setName("gone-credentials");
    var status = new MathesarDatabaseStatus();
    status.setConnection("pg.shop:5432/sales");
    status.setRole("sales");
    holder.setStatus(status);
    holder.getMetadata().setDeletionTimestamp("2026-12-05T00:00:00Z");
    var younger = db("b", "reports", "2026-12-02T00:00:00Z");
    var r =
        ConnectionSpecValidator.validate(
            younger, Optional.of(instance()), SECRETS, List.of(holder, younger));
    assertThat(reasons(r)).containsExactly("RoleCredentialsConflict");
    assertThat(r.problems().get(0).message()).contains("gone-credentials");
  }

  @Test
  void theSameRoleIsFineThroughTheSameSecretOrOnAnotherServer() {
    var older = db("first", "sales", "2026-12-01T00:00:00Z");
    var sameSecret = db("second", "reports", "2026-12-02T00:00:00Z");
    assertThat(
            ConnectionSpecValidator.validate(
                    sameSecret, Optional.of(instance()), SECRETS, List.of(older, sameSecret))
                .problems())
        .isEmpty();
    var otherServer = db("third", "reports", "2026-12-02T00:00:00Z");
    otherServer.getSpec().setHost("pg.elsewhere");
    otherServer.getSpec().getCredentialsSecret().setName("sales-reader-credentials");
    assertThat(
            ConnectionSpecValidator.validate(
                    otherServer, Optional.of(instance()), SECRETS, List.of(older, otherServer))
                .problems())
        .isEmpty();
    var otherPort = db("fourth", "reports", "2026-12-02T00:00:00Z");
    otherPort.getSpec().setPort(5433);
    otherPort.getSpec().getCredentialsSecret().setName("sales-reader-credentials");
    assertThat(
            ConnectionSpecValidator.validate(
                    otherPort, Optional.of(instance()), SECRETS, List.of(older, otherPort))
                .problems())
        .isEmpty();
  }

  @Test
  void aConnectToTheInstancesOwnRoleThroughAnotherSecretConflictsWithACreate() {
    var made = db("made", "made", "2026-12-01T00:00:00Z");
    made.getSpec().setHost(null);
    made.getSpec().setCredentialsSecret(null);
    made.getSpec().setCreate(true);
    var copy = db("copy", "other", "2026-12-02T00:00:00Z");
    copy.getSpec().setHost("postgres.example.internal");
    copy.getSpec().getCredentialsSecret().setName("internal-copy");
    SecretLookup secrets =
        (ns, name) ->
            name.equals("internal-copy")
                ? Optional.of(
                    secret(name, Map.of("username", "mathesar", "password", "stale"), "3"))
                : SECRETS.find(ns, name);
    assertThat(
            reasons(
                ConnectionSpecValidator.validate(
                    copy, Optional.of(instance()), secrets, List.of(made, copy))))
        .containsExactly("RoleCredentialsConflict");
  }

  @Test
  void aConnectedResourceDoesNotMoveToAnotherDatabase() {
    var db = db("sales", "salez", null);
    var status = new MathesarDatabaseStatus();
    status.setConnection("pg.shop:5432/sales");
    status.setRole("sales");
    db.setStatus(status);
    var r = ConnectionSpecValidator.validate(db, Optional.of(instance()), SECRETS, List.of());
    assertThat(reasons(r)).containsExactly("ConnectionChanged");
    assertThat(r.problems().get(0).message())
        .contains("pg.shop:5432/sales")
        .contains("pg.shop:5432/salez");
  }
}
