package org.mathesar.operator.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * What a finished backup Job reports in its container's termination message: the sizes of what it
 * wrote. Pure.
 */
public record BackupJobResult(long databaseBytes, long mediaBytes) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The message the Job's script writes last; empty when it is missing or not the script's. */
  public static Optional<BackupJobResult> parse(String terminationMessage) {
    if (terminationMessage == null || terminationMessage.isBlank()) {
      return Optional.empty();
    }
    try {
      var node = JSON.readTree(terminationMessage);
      if (node == null || !node.has("databaseBytes") || !node.has("mediaBytes")) {
        return Optional.empty();
      }
      return Optional.of(
          new BackupJobResult(node.get("databaseBytes").asLong(), node.get("mediaBytes").asLong()));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
