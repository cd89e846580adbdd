package org.mathesar.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.BackupPhase;
import org.mathesar.operator.customresource.BackupTarget;
import org.mathesar.operator.customresource.CaCertificateRef;
import org.mathesar.operator.customresource.DeletionPolicy;
import org.mathesar.operator.customresource.InstanceRef;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.customresource.MathesarBackupSpec;
import org.mathesar.operator.customresource.RestoreSource;
import org.mathesar.operator.customresource.S3Target;

/**
 * A MathesarBackup to an S3-compatible bucket on real pods (s3proxy, which checks every request's
 * Signature V4): uploaded, brought back whole into a new instance in another namespace from the
 * bucket alone, and removed from the bucket by deletionPolicy Delete. The server speaks https with
 * a certificate of a private CA, which spec.target.s3.caSecret names; without it the backup fails
 * as S3CertificateUntrusted. A bucket that cannot be reached fails the backup with its reason while
 * the instance keeps serving.
 */
class S3BackupE2E extends E2ESupport {
  private static final String NAME = "mathesar";
  private static final String PATH = "e2e";

  @Test
  void aBackupInABucketBringsTheInstanceBackInAnotherNamespace() throws Exception {
    var ns = RealCluster.newNamespace("s3");
    var s3 = S3Server.start(client(), ns);
    var content = BackedUpContent.create(ns, NAME);

    client().resource(backup(ns, "first", bucket(s3.endpoint()))).create();
    var done = awaitFinal(ns, "first");
    assertThat(done.getStatus().getPhase())
        .as("phase; conditions " + done.getStatus().getConditions())
        .isEqualTo(BackupPhase.Completed);
    var prefix = PATH + "/" + ns + "/" + NAME + "/first";
    assertThat(done.getStatus().getLocation())
        .isEqualTo("s3://" + S3Server.BUCKET + "/" + prefix + "/");
    assertThat(s3.keys())
        .as("objects in the bucket")
        .containsExactlyInAnyOrder(
            prefix + "/backup.json", prefix + "/database.dump", prefix + "/media.tar");
    assertThat(s3.object(prefix + "/database.dump").length)
        .isEqualTo(done.getStatus().getDatabaseBytes().intValue());
    assertThat(new String(s3.object(prefix + "/backup.json"), StandardCharsets.UTF_8))
        .contains("\"version\":\"" + RealCluster.VERSION + "\"");
    report(
        "backup",
        "MathesarBackup to an S3 bucket (s3proxy): Completed in "
            + between(done.getStatus().getStartedAt(), done.getStatus().getCompletedAt())
                .toSeconds()
            + " s (startedAt to completedAt); database dump "
            + done.getStatus().getDatabaseBytes()
            + " bytes, media archive "
            + done.getStatus().getMediaBytes()
            + " bytes, uploaded under "
            + done.getStatus().getLocation());

    unreachableBucketFailsAndTheInstanceServes(ns);
    withoutTheCaTheCertificateIsNotTrusted(ns, s3);
    var keys = client().secrets().inNamespace(ns).withName("first-keys").require();
    restoreFromTheBucketElsewhere(ns, content, s3, prefix, keys);

    backupResource(ns, "first").delete();
    await("the backup, its objects and its keys Secret deleted")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                backupResource(ns, "first").get() == null
                    && client().secrets().inNamespace(ns).withName("first-keys").get() == null);
    assertThat(s3.keys()).as("objects left in the bucket").noneMatch(k -> k.startsWith(prefix));
  }

  private static S3Target bucket(String endpoint) {
    var s3 = new S3Target();
    s3.setEndpoint(endpoint);
    s3.setBucket(S3Server.BUCKET);
    s3.setPath(PATH);
    s3.setCredentialsSecret(S3Server.CREDENTIALS);
    if (endpoint.startsWith("https://")) {
      s3.setCaSecret(new CaCertificateRef(S3Server.CA));
    }
    return s3;
  }

  private static MathesarBackup backup(String ns, String name, S3Target target) {
    var spec = new MathesarBackupSpec();
    spec.setInstanceRef(new InstanceRef(NAME));
    spec.setTarget(new BackupTarget(target));
    spec.setImage(RealCluster.POSTGRES_IMAGE);
    spec.setDeletionPolicy(DeletionPolicy.Delete);
    var backup = new MathesarBackup();
    backup.getMetadata().setName(name);
    backup.getMetadata().setNamespace(ns);
    backup.setSpec(spec);
    return backup;
  }

  private static MathesarBackup awaitFinal(String ns, String name) {
    return awaitResource(
        ns,
        name,
        backupResource(ns, name),
        Duration.ofMinutes(3),
        b ->
            b.getStatus() != null
                && (b.getStatus().getPhase() == BackupPhase.Completed
                    || b.getStatus().getPhase() == BackupPhase.Failed));
  }

  /**
   * Without caSecret the Job trusts the image's public CAs only, which did not sign the server's.
   */
  private static void withoutTheCaTheCertificateIsNotTrusted(String ns, S3Server s3) {
    var target = bucket(s3.endpoint());
    target.setCaSecret(null);
    var untrusted = backup(ns, "untrusted", target);
    untrusted.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
    client().resource(untrusted).create();
    var failed = awaitFinal(ns, "untrusted");
    assertThat(failed.getStatus().getPhase()).isEqualTo(BackupPhase.Failed);
    var message =
        failed.getStatus().getConditions().stream()
            .filter(c -> c.getType().equals("Ready"))
            .findFirst()
            .orElseThrow()
            .getMessage();
    assertThat(message).contains("S3CertificateUntrusted", "spec.target.s3.caSecret");
    report("backup", "MathesarBackup over https without caSecret: Failed, " + message);
  }

  /**
   * A bucket at a host that does not resolve: the backup is Failed, its condition quoting the
   * upload's reason, and the instance it is of keeps serving.
   */
  private static void unreachableBucketFailsAndTheInstanceServes(String ns) throws Exception {
    var started = Instant.now();
    var unreachable = backup(ns, "unreachable", bucket("http://s3.invalid:" + S3Server.PORT));
    // Retain: with Delete, deleting it would wait for a prune Job that cannot reach the bucket.
    unreachable.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
    client().resource(unreachable).create();
    var failed = awaitFinal(ns, "unreachable");
    var took = Duration.between(started, Instant.now());
    assertThat(failed.getStatus().getPhase()).isEqualTo(BackupPhase.Failed);
    var condition =
        failed.getStatus().getConditions().stream()
            .filter(c -> c.getType().equals("Ready"))
            .findFirst()
            .orElseThrow();
    assertThat(condition.getReason()).isEqualTo("BackupFailed");
    assertThat(condition.getMessage())
        .contains("S3Unreachable", "s3.invalid")
        .doesNotContain(S3Server.SECRET_ACCESS_KEY);
    var instance = resource(ns, NAME).require();
    assertThat(ready().test(instance)).as("the instance stays Ready").isTrue();
    try (var endpoint = ServiceEndpoint.open(client(), ns, NAME)) {
      loggedIn(endpoint, ns, NAME);
    }
    report(
        "backup",
        "MathesarBackup to an unreachable bucket: Failed "
            + took.toSeconds()
            + " s after apply, BackupFailed: "
            + condition.getMessage()
            + "; the instance stayed Ready and its admin logged in");
  }

  /**
   * A new instance in another namespace (another cluster, as far as it can tell): the bucket's
   * credentials and the backup's keys copied there, an empty database, spec.restoreFrom.s3.
   */
  private static void restoreFromTheBucketElsewhere(
      String ns,
      BackedUpContent content,
      S3Server s3,
      String prefix,
      io.fabric8.kubernetes.api.model.Secret keys)
      throws Exception {
    var pg = content.pg();
    var other = RealCluster.newNamespace("s3-restore");
    s3.credentials(other);
    BackedUpContent.copySecret(other, "first-keys", keys.getData());
    BackedUpContent.copySecret(
        other,
        PostgresServer.CREDENTIALS,
        client()
            .secrets()
            .inNamespace(ns)
            .withName(PostgresServer.CREDENTIALS)
            .require()
            .getData());
    pg.sql("postgres", "CREATE DATABASE restored_from_s3 OWNER " + PostgresServer.USER);
    var restored = mathesar(other, NAME, RealCluster.VERSION);
    restored.getSpec().getDatabase().getExternal().setHost(pg.host());
    restored.getSpec().getDatabase().getExternal().setDatabase("restored_from_s3");
    var from = new RestoreSource();
    from.setS3(bucket(s3.endpoint()));
    from.setDirectory(ns + "/" + NAME + "/first");
    from.setKeysSecret("first-keys");
    from.setImage(RealCluster.POSTGRES_IMAGE);
    restored.getSpec().setRestoreFrom(from);
    var started = Instant.now();
    client().resource(restored).create();
    var restoredAt =
        awaitResource(
            other,
            NAME,
            resource(other, NAME),
            RealCluster.READY_TIMEOUT,
            m -> m.getStatus() != null && m.getStatus().getRestoredFrom() != null);
    var restoreTook = Duration.between(started, Instant.now());
    var ready = awaitMathesar(other, NAME, RealCluster.READY_TIMEOUT, ready());
    var readyTook = Duration.between(started, Instant.now());
    assertThat(restoredAt.getStatus().getRestoredFrom())
        .isEqualTo("s3://" + S3Server.BUCKET + "/" + prefix + "/");
    assertThat(ready.getStatus().getAdminCreated()).isTrue();
    content.assertRestored(other, NAME, keys);
    report(
        "backup",
        "spec.restoreFrom.s3 in another namespace (credentials and keys Secret copied, an empty"
            + " database): restore Job done "
            + restoreTook.toSeconds()
            + " s after apply, Ready "
            + readyTook.toSeconds()
            + " s after apply; the old admin and the second user log in, the connected database"
            + " reads its 3 rows, the uploaded data file is listed and reads byte for byte");
  }

  private static Resource<MathesarBackup> backupResource(String ns, String name) {
    return client().resources(MathesarBackup.class).inNamespace(ns).withName(name);
  }
}
