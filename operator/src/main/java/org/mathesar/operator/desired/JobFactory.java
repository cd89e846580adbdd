package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;

/** The migration Job of a version, and the Job that creates the first admin. */
public final class JobFactory {
  public static final String MIGRATE_COMPONENT = "migrate";
  public static final String ADMIN_COMPONENT = "admin";
  public static final int ADMIN_DEADLINE_SECONDS = 600;

  private JobFactory() {}

  /**
   * Runs the target version's migrations with the same image, environment and database as the pods.
   *
   * @param createsAdmin then also creates the first admin, as the admin Job would
   */
  public static Job migration(ResolvedInstance instance, boolean createsAdmin) {
    var m = instance.resource();
    var container =
        createsAdmin
            ? PodTemplates.container(
                    instance,
                    "migrate",
                    instance.image(),
                    MathesarCommands.MIGRATE_AND_CREATE_ADMIN)
                .withEnv(withAdminCredentials(instance))
                .build()
            : PodTemplates.container(
                    instance, "migrate", instance.image(), MathesarCommands.MIGRATE)
                .build();
    var job =
        job(
            instance,
            ObjectNames.migrationJob(m, instance.version()),
            MIGRATE_COMPONENT,
            instance.migrationTimeoutSeconds(),
            container);
    if (createsAdmin) {
      job.getMetadata()
          .setAnnotations(
              new java.util.HashMap<>(
                  java.util.Map.of(MetadataKeys.CREATES_ADMIN_ANNOTATION, "true")));
    }
    return job;
  }

  public static boolean createsAdmin(Job migration) {
    var annotations = migration.getMetadata().getAnnotations();
    return annotations != null
        && "true".equals(annotations.get(MetadataKeys.CREATES_ADMIN_ANNOTATION));
  }

  public static Job admin(ResolvedInstance instance) {
    var m = instance.resource();
    var container =
        PodTemplates.container(
                instance, "create-admin", instance.image(), MathesarCommands.CREATE_ADMIN)
            .withEnv(withAdminCredentials(instance))
            .build();
    return job(
        instance, ObjectNames.adminJob(m), ADMIN_COMPONENT, ADMIN_DEADLINE_SECONDS, container);
  }

  /**
   * The environment of the pods plus the first admin's credentials, referenced from their Secret.
   */
  private static java.util.List<EnvVar> withAdminCredentials(ResolvedInstance instance) {
    var env = new ArrayList<>(MathesarEnvironment.build(instance));
    var secret = instance.adminSecretName();
    env.add(secretRef("DJANGO_SUPERUSER_USERNAME", secret, "username", false));
    env.add(secretRef("DJANGO_SUPERUSER_PASSWORD", secret, "password", false));
    env.add(secretRef("DJANGO_SUPERUSER_EMAIL", secret, "email", true));
    return env;
  }

  private static Job job(
      ResolvedInstance instance,
      String name,
      String component,
      int deadlineSeconds,
      io.fabric8.kubernetes.api.model.Container container) {
    var m = instance.resource();
    var labels = Labels.forComponent(m, component);
    labels.put(MetadataKeys.VERSION_LABEL, instance.version());
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(instance.namespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        // One retry for a transient failure; a real migration error needs a person, not a loop.
        .withBackoffLimit(1)
        .withActiveDeadlineSeconds((long) deadlineSeconds)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(PodMetadata.labels(instance, labels))
        .withAnnotations(nullIfEmpty(PodMetadata.annotations(instance, java.util.Map.of())))
        .endMetadata()
        .withSpec(
            PodTemplates.podSpec(instance)
                .withRestartPolicy("Never")
                .withContainers(container)
                .build())
        .endTemplate()
        .endSpec()
        .build();
  }

  private static <K, V> java.util.Map<K, V> nullIfEmpty(java.util.Map<K, V> map) {
    return map.isEmpty() ? null : map;
  }

  private static EnvVar secretRef(String name, String secret, String key, boolean optional) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .withOptional(optional ? Boolean.TRUE : null)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
