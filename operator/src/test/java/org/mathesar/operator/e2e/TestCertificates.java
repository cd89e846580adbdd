package org.mathesar.operator.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private CA and a server certificate it signed, made with the JDK's keytool (no other tool is on
 * every machine the suite runs on): what an in-house S3 server behind its own CA has.
 */
final class TestCertificates {
  /**
   * @param keystore PKCS#12: the server's key and certificate chain, under the given password
   * @param caPem the CA's certificate, PEM, as a user would put it in a Secret
   */
  record ServerTls(byte[] keystore, String caPem) {}

  private TestCertificates() {}

  /** A server certificate for host (and host.svc, host.svc.cluster.local), valid for 2 days. */
  static ServerTls forHost(String host, String password) {
    try {
      var dir = Files.createTempDirectory("e2e-tls");
      try {
        var ca = dir.resolve("ca.p12").toString();
        var server = dir.resolve("server.p12").toString();
        var caPem = dir.resolve("ca.pem");
        var csr = dir.resolve("server.csr").toString();
        var signed = dir.resolve("server.pem").toString();
        keytool(
            dir,
            "-genkeypair",
            "-alias",
            "ca",
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-dname",
            "CN=mathesar-e2e private CA",
            "-ext",
            "bc:c",
            // A CA as in-house tools make them, so that the e2e run trusts it whatever the image's
            // Python; the CA without keyUsage, which only the Jobs' lenient context accepts under
            // Python 3.13's strict default, is check-s3transfer.sh's (openssl req -x509).
            "-ext",
            "ku:c=keyCertSign,cRLSign",
            "-validity",
            "2",
            "-storetype",
            "PKCS12",
            "-keystore",
            ca,
            "-storepass",
            password);
        keytool(
            dir,
            "-exportcert",
            "-rfc",
            "-alias",
            "ca",
            "-keystore",
            ca,
            "-storepass",
            password,
            "-file",
            caPem.toString());
        keytool(
            dir,
            "-genkeypair",
            "-alias",
            "server",
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-dname",
            "CN=" + host,
            "-validity",
            "2",
            "-storetype",
            "PKCS12",
            "-keystore",
            server,
            "-storepass",
            password);
        keytool(
            dir,
            "-certreq",
            "-alias",
            "server",
            "-keystore",
            server,
            "-storepass",
            password,
            "-file",
            csr);
        keytool(
            dir,
            "-gencert",
            "-rfc",
            "-alias",
            "ca",
            "-keystore",
            ca,
            "-storepass",
            password,
            "-infile",
            csr,
            "-outfile",
            signed,
            "-validity",
            "2",
            "-ext",
            "SAN=dns:" + host + ",dns:" + host + ".svc,dns:" + host + ".svc.cluster.local");
        keytool(
            dir,
            "-importcert",
            "-noprompt",
            "-alias",
            "ca",
            "-file",
            caPem.toString(),
            "-keystore",
            server,
            "-storepass",
            password);
        keytool(
            dir,
            "-importcert",
            "-alias",
            "server",
            "-file",
            signed,
            "-keystore",
            server,
            "-storepass",
            password);
        return new ServerTls(
            Files.readAllBytes(Path.of(server)), Files.readString(caPem, StandardCharsets.UTF_8));
      } finally {
        try (var files = Files.walk(dir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("making the test certificates failed", e);
    }
  }

  private static void keytool(Path dir, String... args) throws IOException {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    var process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("keytool.log").toFile())
            .start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "keytool " + args[0] + " failed: " + Files.readString(dir.resolve("keytool.log")));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
