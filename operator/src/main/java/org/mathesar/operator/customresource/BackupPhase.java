package org.mathesar.operator.customresource;

/** Where a one-shot backup is: it runs once and ends Completed or Failed. */
public enum BackupPhase {
  Pending,
  Running,
  Completed,
  Failed
}
