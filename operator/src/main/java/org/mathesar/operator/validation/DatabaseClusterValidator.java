package org.mathesar.operator.validation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mathesar.operator.customresource.CloudNativePGSpec;

/**
 * Changes to the database Cluster that CloudNativePG cannot carry out: refused before any write.
 */
public final class DatabaseClusterValidator {
  private static final String FIELD = "spec.database.cloudNativePG.storage";

  private DatabaseClusterValidator() {}

  @SuppressWarnings("unchecked")
  public static List<SpecProblem> check(
      CloudNativePGSpec spec, Optional<GenericKubernetesResource> existing) {
    var problems = new ArrayList<SpecProblem>();
    if (existing.isEmpty() || spec.getStorage() == null) {
      return problems;
    }
    var clusterSpec =
        existing.get().getAdditionalProperties().get("spec") instanceof Map<?, ?> s
            ? (Map<String, Object>) s
            : Map.<String, Object>of();
    var storage =
        clusterSpec.get("storage") instanceof Map<?, ?> s
            ? (Map<String, Object>) s
            : Map.<String, Object>of();
    if (storage.get("size") instanceof String current
        && spec.getStorage().getSize() != null
        && Quantity.getAmountInBytes(new Quantity(spec.getStorage().getSize()))
                .compareTo(Quantity.getAmountInBytes(new Quantity(current)))
            < 0) {
      problems.add(
          new SpecProblem(
              "DatabaseStorageShrink",
              FIELD + ".size",
              "the database volumes cannot shrink from "
                  + current
                  + " to "
                  + spec.getStorage().getSize()
                  + "; set it back to at least "
                  + current));
    }
    var currentClass = storage.get("storageClass");
    if (spec.getStorage().getStorageClassName() != null
        && !Objects.equals(currentClass, spec.getStorage().getStorageClassName())) {
      problems.add(
          new SpecProblem(
              "DatabaseStorageImmutable",
              FIELD + ".storageClassName",
              "the database Cluster exists with storage class "
                  + (currentClass == null ? "(cluster default)" : "'" + currentClass + "'")
                  + ", which cannot change; set it back"));
    }
    return problems;
  }
}
