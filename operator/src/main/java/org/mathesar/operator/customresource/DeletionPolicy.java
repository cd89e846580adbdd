package org.mathesar.operator.customresource;

/** What deleting a Mathesar resource does to the data it holds. */
public enum DeletionPolicy {
  /**
   * Keep the database, SECRET_KEY, admin Secret and media volume; a new resource of the same name
   * adopts them.
   */
  Retain,
  /** Delete everything the operator made, the database included. */
  Delete
}
