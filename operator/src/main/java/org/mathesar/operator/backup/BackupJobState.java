package org.mathesar.operator.backup;

import java.util.Optional;

/** What the backup Job of a MathesarBackup is, as the API server answers now. */
public sealed interface BackupJobState {
  record Absent() implements BackupJobState {}

  record Running() implements BackupJobState {}

  record Succeeded(Optional<BackupJobResult> result, String completedAt)
      implements BackupJobState {}

  record Failed(String message, String completedAt) implements BackupJobState {}
}
