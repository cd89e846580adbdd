package org.mathesar.operator.desired;

/**
 * The backup a new instance is restored from, as validation resolved spec.restoreFrom: where its
 * files are, the Secret with its keys and the image that restores it. Present only while the
 * restore has not run yet.
 *
 * @param source what spec.restoreFrom names, for messages: "MathesarBackup nightly" or the location
 */
public record RestorePoint(BackupLocation at, String keysSecret, String image, String source) {

  /** The same form as a MathesarBackup's status.location, recorded as status.restoredFrom. */
  public String location() {
    return at.uri();
  }
}
