package org.mathesar.operator.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An S3-compatible server in the cluster (s3proxy, which checks every request's Signature V4 as S3
 * does: another secret gets 403), in a namespace of its own, `<instance namespace>-s3`, with one
 * bucket, and a credentials Secret in the instance's namespace as a user would make for
 * spec.target.s3. It speaks https only, with a certificate a CA of the test's own signed, as an
 * in-house MinIO would: the Jobs reach it through spec.target.s3.caSecret, the {@link #CA} Secret.
 */
final class S3Server {
  static final String NAME = "s3";
  static final String BUCKET = "mathesar-backups";
  static final String CREDENTIALS = "s3-credentials";

  /** The Secret with the private CA's certificate (key ca.crt), next to the credentials. */
  static final String CA = "s3-ca";

  static final int PORT = 4568;

  /** s3proxy's plain http port, which no Service exposes (it wants one). */
  private static final int HTTP_PORT = 4567;

  private static final String KEYSTORE_PASSWORD = "e2e-keystore";

  /** The one key pair the server takes (.ci/images/s3proxy/s3proxy.conf). */
  static final String ACCESS_KEY_ID = "mathesar-e2e";

  static final String SECRET_ACCESS_KEY = "mathesar-e2e-secret-key";

  private final KubernetesClient client;
  private final String namespace;
  private final String caPem;

  private S3Server(KubernetesClient client, String namespace, String caPem) {
    this.client = client;
    this.namespace = namespace;
    this.caPem = caPem;
  }

  String endpoint() {
    return "https://" + NAME + "." + namespace + ":" + PORT;
  }

  static S3Server start(KubernetesClient client, String instanceNamespace) {
    var namespace = instanceNamespace + "-s3";
    client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .addToLabels("mathesar.org/e2e", "true")
                .endMetadata()
                .build())
        .create();
    var tls = TestCertificates.forHost(NAME + "." + namespace, KEYSTORE_PASSWORD);
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("s3-tls")
                .withNamespace(namespace)
                .endMetadata()
                .withData(
                    Map.of("keystore.p12", Base64.getEncoder().encodeToString(tls.keystore())))
                .build())
        .create();
    var server = new S3Server(client, namespace, tls.caPem());
    server.credentials(instanceNamespace);
    var labels = Map.of("app", NAME);
    client
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(NAME)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .withMatchLabels(labels)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("s3proxy")
                .withImage(RealCluster.S3_IMAGE)
                .withArgs(BUCKET)
                .addNewEnv()
                .withName("JAVA_TOOL_OPTIONS")
                .withValue(
                    "-Ds3proxy.endpoint=http://0.0.0.0:"
                        + HTTP_PORT
                        + " -Ds3proxy.secure-endpoint=https://0.0.0.0:"
                        + PORT
                        + " -Ds3proxy.keystore-path=/tls/keystore.p12"
                        + " -Ds3proxy.keystore-password="
                        + KEYSTORE_PASSWORD)
                .endEnv()
                .addNewPort()
                .withContainerPort(PORT)
                .withProtocol("TCP")
                .endPort()
                .withNewReadinessProbe()
                .withNewTcpSocket()
                .withPort(new IntOrString(PORT))
                .endTcpSocket()
                .withPeriodSeconds(1)
                .endReadinessProbe()
                .addNewVolumeMount()
                .withName("data")
                .withMountPath("/data")
                .endVolumeMount()
                .addNewVolumeMount()
                .withName("tls")
                .withMountPath("/tls")
                .withReadOnly(true)
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("data")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .addNewVolume()
                .withName("tls")
                .withNewSecret()
                .withSecretName("s3-tls")
                .endSecret()
                .endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(NAME)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withSelector(labels)
                .addNewPort()
                .withPort(PORT)
                .withTargetPort(new IntOrString(PORT))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build())
        .create();
    await("S3 server ready")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              var d = client.apps().deployments().inNamespace(namespace).withName(NAME).get();
              return d.getStatus() != null
                  && d.getStatus().getReadyReplicas() != null
                  && d.getStatus().getReadyReplicas() == 1;
            });
    return server;
  }

  /**
   * The Secrets spec.target.s3.credentialsSecret and caSecret name, in an instance's namespace: the
   * CA's certificate as a user would copy it there.
   */
  void credentials(String namespace) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(CA)
                .withNamespace(namespace)
                .endMetadata()
                .withStringData(Map.of("ca.crt", caPem))
                .build())
        .create();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(CREDENTIALS)
                .withNamespace(namespace)
                .endMetadata()
                .withStringData(
                    Map.of(
                        "AWS_ACCESS_KEY_ID",
                        ACCESS_KEY_ID,
                        "AWS_SECRET_ACCESS_KEY",
                        SECRET_ACCESS_KEY))
                .build())
        .create();
  }

  /** The keys of the objects in the bucket: its files, as the server keeps them. */
  List<String> keys() {
    var listing = exec("cd /data/" + BUCKET + " && find . -type f | sed 's|^[.]/||' | sort");
    return listing.lines().filter(l -> !l.isBlank()).toList();
  }

  /** An object's content. */
  byte[] object(String key) {
    return exec("cat '/data/" + BUCKET + "/" + key + "'").getBytes(StandardCharsets.ISO_8859_1);
  }

  private String exec(String command) {
    var pod = client.pods().inNamespace(namespace).withLabel("app", NAME).list().getItems().get(0);
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    try (var exec =
        client
            .pods()
            .inNamespace(namespace)
            .withName(pod.getMetadata().getName())
            .writingOutput(out)
            .writingError(err)
            .exec("sh", "-c", command)) {
      var code = exec.exitCode().get(60, TimeUnit.SECONDS);
      if (code != 0) {
        throw new IllegalStateException(
            command + " exited " + code + ": " + err.toString(StandardCharsets.UTF_8));
      }
    } catch (Exception e) {
      throw new IllegalStateException("exec in " + namespace + " failed", e);
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
