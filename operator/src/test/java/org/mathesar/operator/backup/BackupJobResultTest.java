package org.mathesar.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackupJobResultTest {
  @Test
  void theScriptsLastLineGivesTheSizes() {
    assertThat(BackupJobResult.parse("{\"databaseBytes\":2048,\"mediaBytes\":10240}"))
        .contains(new BackupJobResult(2048, 10240));
  }

  @Test
  void anythingElseGivesNothing() {
    assertThat(BackupJobResult.parse(null)).isEmpty();
    assertThat(BackupJobResult.parse("")).isEmpty();
    assertThat(BackupJobResult.parse("pg_dump: error: connection refused")).isEmpty();
    assertThat(BackupJobResult.parse("{\"databaseBytes\":1}")).isEmpty();
  }
}
