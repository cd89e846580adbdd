package org.mathesar.operator.validation;

/**
 * Something in a resource or its environment that stops the operator from going on.
 *
 * @param reason the condition reason, CamelCase
 * @param field the field at fault, e.g. spec.database.external.credentialsSecret.name
 * @param message what is wrong and what to do; never a secret value
 */
public record SpecProblem(String reason, String field, String message) {
  public String describe() {
    return field + ": " + message;
  }
}
