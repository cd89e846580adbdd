package org.mathesar.operator.validation;

/**
 * Something in a resource or its environment that stops the operator from going on.
 *
 * @param reason the condition reason, CamelCase
 * @param field the field at fault, e.g. spec.database.external.credentialsSecret.name
 * @param message what is wrong and what to do; never a secret value
 */
public record SpecProblem(String reason, String field, String message) {
  /** A resource naming, in spec.instanceRef.name, a Mathesar its namespace does not have. */
  public static SpecProblem instanceNotFound(String instance, String namespace) {
    return new SpecProblem(
        "InstanceNotFound",
        "spec.instanceRef.name",
        "no Mathesar named "
            + instance
            + " in namespace "
            + namespace
            + "; create it or fix spec.instanceRef.name");
  }

  public String describe() {
    return field + ": " + message;
  }
}
