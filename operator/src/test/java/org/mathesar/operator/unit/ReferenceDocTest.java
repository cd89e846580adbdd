package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/reference.md documents every field of the generated CRD (spec and status). */
class ReferenceDocTest {
  /** Kubernetes' own types and free-form maps: documented as a whole, not field by field. */
  private static final Set<String> OPAQUE =
      Set.of(
          "resources",
          "affinity",
          "tolerations",
          "env",
          "imagePullSecrets",
          "nodeSelector",
          "annotations",
          "database.cloudNativePG.resources",
          "conditions",
          "failedMigration",
          "podSecurityContext",
          "securityContext");

  @Test
  void everyFieldIsDocumented() throws IOException {
    CustomResourceDefinition crd;
    try (var in =
        Files.newInputStream(
            Path.of("target/classes/META-INF/fabric8/mathesars.mathesar.org-v1.yml"))) {
      crd = new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    }
    var root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties();
    var paths = new ArrayList<String>();
    collect("", root.get("spec"), paths);
    root.get("status").getProperties().keySet().forEach(paths::add);
    var reference =
        Files.readString(Path.of(System.getProperty("project.root", ".."), "docs/reference.md"));

    assertThat(paths).hasSizeGreaterThan(40);
    assertThat(paths)
        .allSatisfy(
            p ->
                assertThat(reference)
                    .as("docs/reference.md documents `%s`", p)
                    .contains("`" + p + "`"));
  }

  private static void collect(String prefix, JSONSchemaProps schema, List<String> out) {
    if (schema.getProperties() == null) {
      return;
    }
    schema
        .getProperties()
        .forEach(
            (name, child) -> {
              var path = prefix.isEmpty() ? name : prefix + "." + name;
              // A parent of only documented leaves (e.g. cloudNativePG.storage) need not have a row
              // of its own.
              if (child.getProperties() == null
                  || child.getProperties().isEmpty()
                  || OPAQUE.contains(path)) {
                out.add(path);
              } else {
                collect(path, child, out);
              }
            });
  }
}
