package org.mathesar.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mathesar.operator.desired.RestoreJobFactory;

/**
 * The backup Job's script and then the restore Job's, run by bash on directories like their
 * volumes, with stand-ins for pg_dump, psql and pg_restore on the PATH: backup.json records the
 * SHA-256 of both files, and the restore refuses a damaged file before it touches the database.
 */
class BackupChecksumScriptTest {
  @TempDir Path root;
  private Path target;
  private Path media;
  private Path bin;

  @BeforeEach
  void volumesAndStandIns() throws IOException {
    target = Files.createDirectories(root.resolve("backup"));
    media = Files.createDirectories(root.resolve("media"));
    bin = Files.createDirectories(root.resolve("bin"));
    standIn(
        "pg_dump",
        "for a in \"$@\"; do case $a in --file=*) printf 'PGDMP the database' > \"${a#--file=}\";;"
            + " esac; done");
    standIn("psql", "echo 0");
    standIn("pg_restore", "echo restored >> \"" + root.resolve("pg_restore.calls") + "\"");
    Files.writeString(media.resolve("report.csv"), "a,b\n1,2\n");
  }

  private void standIn(String name, String body) throws IOException {
    var file = bin.resolve(name);
    Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** The script with its volumes and termination log moved under the test's directory. */
  private String onDirectories(String script) {
    return script
        .replace("\"" + BackupJobFactory.TARGET_DIR + "/", "\"" + target + "/")
        .replaceAll("(?<=[ =])/media(?=[ /]|$)", media.toString())
        .replace("/dev/termination-log", root.resolve("termination-log").toString());
  }

  private int run(String script, Map<String, String> env) throws Exception {
    var process =
        new ProcessBuilder("bash", "-c", onDirectories(script))
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("output").toFile());
    process.environment().putAll(env);
    // What the pods get from the instance's environment; the stand-ins ignore it.
    process
        .environment()
        .putAll(
            Map.of(
                "POSTGRES_HOST", "127.0.0.1",
                "POSTGRES_PORT", "5432",
                "POSTGRES_DB", "mathesar_django",
                "POSTGRES_USER", "mathesar",
                "POSTGRES_PASSWORD", "unused"));
    process.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    var running = process.start();
    assertThat(running.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return running.exitValue();
  }

  private Path backUp() throws Exception {
    var code =
        run(
            BackupJobFactory.SCRIPT,
            Map.of(
                "BACKUP_DIRECTORY",
                "ns/demo/nightly",
                "BACKUP_METADATA",
                "{\"backup\":\"nightly\",\"uid\":\"u-1\",\"version\":\"0.11.0\"}"));
    assertThat(code).as(Files.readString(root.resolve("output"))).isZero();
    return target.resolve("ns/demo/nightly");
  }

  private int restore() throws Exception {
    return run(
        RestoreJobFactory.SCRIPT,
        Map.of(
            "RESTORE_DIRECTORY", "ns/demo/nightly",
            "RESTORE_LOCATION", "claim backups, ns/demo/nightly/",
            "TARGET_VERSION", "0.11.0"));
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void backupJsonRecordsTheChecksumsOfBothFilesAndStaysJson() throws Exception {
    var dir = backUp();
    var json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(dir.resolve("backup.json").toFile());
    assertThat(json.get("uid").asText()).isEqualTo("u-1");
    assertThat(json.get("version").asText()).isEqualTo("0.11.0");
    assertThat(json.get("sha256").get("database.dump").asText())
        .isEqualTo(sha256(dir.resolve("database.dump")));
    assertThat(json.get("sha256").get("media.tar").asText())
        .isEqualTo(sha256(dir.resolve("media.tar")));
  }

  @Test
  void anIntactBackupRestores() throws Exception {
    backUp();
    clearMedia();
    assertThat(restore()).as(Files.readString(root.resolve("output"))).isZero();
    assertThat(root.resolve("pg_restore.calls")).exists();
    assertThat(media.resolve("report.csv")).hasContent("a,b\n1,2\n");
  }

  @Test
  void aDamagedDumpIsRefusedBeforeTheDatabaseIsTouched() throws Exception {
    var dir = backUp();
    clearMedia();
    Files.writeString(dir.resolve("database.dump"), "PGDMP the databasf");
    assertThat(restore()).isEqualTo(1);
    assertThat(Files.readString(root.resolve("termination-log")))
        .startsWith("BackupCorrupted: database.dump in claim backups, ns/demo/nightly/ does not")
        .contains("nothing was restored");
    assertThat(root.resolve("pg_restore.calls")).doesNotExist();
    assertThat(media.resolve("report.csv")).doesNotExist();
  }

  @Test
  void aTruncatedMediaArchiveIsRefusedToo() throws Exception {
    var dir = backUp();
    clearMedia();
    var tar = Files.readAllBytes(dir.resolve("media.tar"));
    Files.write(dir.resolve("media.tar"), java.util.Arrays.copyOf(tar, tar.length / 2));
    assertThat(restore()).isEqualTo(1);
    assertThat(Files.readString(root.resolve("termination-log")))
        .startsWith("BackupCorrupted: media.tar");
    assertThat(root.resolve("pg_restore.calls")).doesNotExist();
  }

  @Test
  void aBackupOfAnEarlierOperatorWithoutChecksumsStillRestores() throws Exception {
    var dir = backUp();
    clearMedia();
    Files.writeString(
        dir.resolve("backup.json"),
        "{\"backup\":\"nightly\",\"uid\":\"u-1\",\"version\":\"0.11.0\"}\n");
    assertThat(restore()).isZero();
    assertThat(Files.readString(root.resolve("output")))
        .contains("records no checksum of database.dump");
  }

  /** A new instance's media volume is empty. */
  private void clearMedia() throws IOException {
    Files.delete(media.resolve("report.csv"));
  }
}
