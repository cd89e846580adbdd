package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mathesar.operator.customresource.S3Target;

/**
 * The container that moves a backup's files between a Job's scratch directory and a bucket:
 * s3transfer.py (Python's standard library only, signing with AWS Signature V4) run by the Mathesar
 * image, the one image every instance already has with Python in it. The keys come from the
 * credentials Secret as environment, never as arguments, so no pod description shows them; so does
 * a private CA's certificate, which saves each Job factory a volume. Pure.
 */
public final class S3Transfer {
  /** The PEM of s3.caSecret, when set: the one CA s3transfer.py trusts. */
  public static final String CA_PEM = "S3_CA_PEM";

  /** put (upload, refusing an existing backup), get (download), delete. */
  public enum Command {
    PUT,
    GET,
    DELETE
  }

  static final String SCRIPT = load();

  private S3Transfer() {}

  /**
   * @param base the container as the Job's pod template makes it (security, resources, /tmp), with
   *     the scratch volume mounted
   * @param localDir where the files are in the container
   */
  public static Container container(
      ContainerBuilder base, Command command, BackupLocation.InBucket location, String localDir) {
    return base.withCommand("python3", "-c", SCRIPT, command.name().toLowerCase(Locale.ROOT))
        .withWorkingDir("/tmp")
        .withEnv(env(location, localDir))
        .withTerminationMessagePolicy("File")
        .build();
  }

  /**
   * The transfer container of a Job of an instance (the backup's upload, the restore's download):
   * the instance's own Mathesar image and pod template, with the scratch volume at mountDir, moving
   * the files of mountDir/&lt;the backup's directory&gt;.
   */
  public static Container forInstance(
      ResolvedInstance instance,
      String name,
      Command command,
      BackupLocation.InBucket location,
      String scratchVolume,
      String mountDir) {
    return container(
        PodTemplates.container(instance, name, instance.image(), List.of())
            .addNewVolumeMount()
            .withName(scratchVolume)
            .withMountPath(mountDir)
            .endVolumeMount(),
        command,
        location,
        mountDir + "/" + location.directory());
  }

  static List<EnvVar> env(BackupLocation.InBucket location, String localDir) {
    var s3 = location.bucket();
    var env = new ArrayList<EnvVar>();
    env.add(value("S3_ENDPOINT", s3.getEndpoint()));
    env.add(value("S3_BUCKET", s3.getBucket()));
    env.add(value("S3_REGION", s3.getRegion() == null ? "us-east-1" : s3.getRegion()));
    env.add(value("S3_PREFIX", location.keyPrefix()));
    env.add(value("LOCAL_DIR", localDir));
    env.add(secret(S3Target.ACCESS_KEY_ID, s3.getCredentialsSecret(), S3Target.ACCESS_KEY_ID));
    env.add(
        secret(S3Target.SECRET_ACCESS_KEY, s3.getCredentialsSecret(), S3Target.SECRET_ACCESS_KEY));
    var ca = s3.getCaSecret();
    if (ca != null) {
      env.add(secret(CA_PEM, ca.getName(), ca.getKey() == null ? "ca.crt" : ca.getKey()));
    }
    return env;
  }

  private static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar secret(String name, String secretName, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secretName)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  private static String load() {
    try (var in =
        S3Transfer.class.getResourceAsStream("/org/mathesar/operator/backup/s3transfer.py")) {
      if (in == null) {
        throw new IllegalStateException("s3transfer.py is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
