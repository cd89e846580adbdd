package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mathesar.operator.customresource.DeletionPolicy;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.ClusterFactory;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.ResolvedInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects that hold an instance's data — database Cluster, SECRET_KEY, admin credentials, media
 * volume. Under the Retain policy they are released when the resource is deleted (no owner
 * reference, so garbage collection leaves them) and marked; a new resource of the same name adopts
 * them again. Deletion runs for any resource, also one whose spec validation refused or that has
 * none, so this reads the spec through ResolvedInstance's tolerant static helpers, not a resolved
 * instance.
 */
final class RetainedObjects {
  private static final Logger log = LoggerFactory.getLogger(RetainedObjects.class);

  private RetainedObjects() {}

  static boolean retains(Mathesar m) {
    return ResolvedInstance.deletionPolicy(m) != DeletionPolicy.Delete;
  }

  /** Removes this resource's owner reference from every data-holding object, so they outlive it. */
  static List<String> release(Mathesar m, KubernetesClient client) {
    var released = new ArrayList<String>();
    for (var object : dataObjects(m, client)) {
      var ours =
          object.getMetadata().getOwnerReferences().stream()
              .anyMatch(r -> Objects.equals(r.getUid(), m.getMetadata().getUid()));
      if (!ours) {
        continue;
      }
      client
          .resource(object)
          .edit(
              o -> {
                o.getMetadata()
                    .getOwnerReferences()
                    .removeIf(r -> Objects.equals(r.getUid(), m.getMetadata().getUid()));
                o.getMetadata()
                    .getAnnotations()
                    .put(
                        MetadataKeys.RETAINED_FROM_ANNOTATION,
                        "Mathesar " + m.getMetadata().getName());
                o.getMetadata()
                    .getAnnotations()
                    .put(MetadataKeys.RETAINED_AT_ANNOTATION, Instant.now().toString());
                return o;
              });
      released.add(object.getKind() + " " + object.getMetadata().getName());
    }
    log.info("kept after deletion (policy Retain): {}", released);
    return released;
  }

  /** Once adopted again, the object no longer says it was left behind. */
  static void clearMark(KubernetesClient client, HasMetadata object) {
    var annotations = object.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(MetadataKeys.RETAINED_FROM_ANNOTATION)) {
      client
          .resource(object)
          .edit(
              o -> {
                o.getMetadata().getAnnotations().remove(MetadataKeys.RETAINED_FROM_ANNOTATION);
                o.getMetadata().getAnnotations().remove(MetadataKeys.RETAINED_AT_ANNOTATION);
                return o;
              });
    }
  }

  private static List<HasMetadata> dataObjects(Mathesar m, KubernetesClient client) {
    var ns = m.getMetadata().getNamespace();
    var objects = new ArrayList<HasMetadata>();
    if (ResolvedInstance.usesGeneratedSecretKey(m)) {
      objects.add(
          client.secrets().inNamespace(ns).withName(ObjectNames.generatedSecretKeySecret(m)).get());
    }
    if (ObjectNames.generatedAdminSecret(m).equals(ResolvedInstance.adminSecretName(m))) {
      objects.add(
          client.secrets().inNamespace(ns).withName(ObjectNames.generatedAdminSecret(m)).get());
    }
    objects.add(
        client.persistentVolumeClaims().inNamespace(ns).withName(ObjectNames.mediaPvc(m)).get());
    if (client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(ClusterFactory.CRD_NAME)
            .get()
        != null) {
      objects.add(
          client
              .genericKubernetesResources(
                  ClusterFactory.API_VERSION, ClusterFactory.CLUSTER.getKind())
              .inNamespace(ns)
              .withName(ObjectNames.databaseCluster(m))
              .get());
    }
    objects.removeIf(Objects::isNull);
    return objects;
  }
}
