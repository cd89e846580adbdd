package org.mathesar.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prune Job's script, run by bash on a directory like the target volume: it removes only the
 * files of the MathesarBackup being deleted, never those under another one's backup.json.
 */
class BackupPruneScriptTest {
  @TempDir Path volume;

  private int prune(String directory, String uid) throws Exception {
    var script =
        BackupPruneJobFactory.SCRIPT
            .replace(BackupJobFactory.TARGET_DIR + "/", volume + "/")
            .replace("/dev/termination-log", volume.resolve("termination-log").toString());
    var process =
        new ProcessBuilder("bash", "-c", script)
            .redirectErrorStream(true)
            .redirectOutput(volume.resolve("output").toFile());
    process.environment().put("BACKUP_DIRECTORY", directory);
    process.environment().put("BACKUP_UID", uid);
    var running = process.start();
    assertThat(running.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return running.exitValue();
  }

  private Path backup(String directory, String uid) throws Exception {
    var dir = Files.createDirectories(volume.resolve(directory));
    Files.writeString(dir.resolve("backup.json"), "{\"backup\":\"x\",\"uid\":\"" + uid + "\"}\n");
    Files.writeString(dir.resolve("database.dump"), "dump");
    return dir;
  }

  @Test
  void itsOwnDirectoryAndPartialGo() throws Exception {
    var dir = backup("ns/i/mine", "uid-1");
    Files.createDirectories(volume.resolve("ns/i/mine.partial"));
    assertThat(prune("ns/i/mine", "uid-1")).isZero();
    assertThat(dir).doesNotExist();
    assertThat(volume.resolve("ns/i/mine.partial")).doesNotExist();
  }

  @Test
  void anotherBackupsDirectoryIsKept() throws Exception {
    var dir = backup("ns/i/taken", "uid-of-the-first");
    assertThat(prune("ns/i/taken", "uid-of-the-refused-one")).isZero();
    assertThat(dir.resolve("database.dump")).exists();
    assertThat(Files.readString(volume.resolve("termination-log")))
        .contains("kept", "another MathesarBackup");
  }

  @Test
  void aBackupThatWroteNothingRemovesNothingElse() throws Exception {
    var other = backup("ns/i/other", "uid-2");
    Files.createDirectories(volume.resolve("ns/i/never.partial"));
    assertThat(prune("ns/i/never", "uid-3")).isZero();
    assertThat(volume.resolve("ns/i/never.partial")).doesNotExist();
    assertThat(other).exists();
  }
}
