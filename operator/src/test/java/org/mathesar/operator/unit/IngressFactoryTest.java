package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.IngressFactory;

class IngressFactoryTest {
  private static Mathesar withIngress(String... additional) {
    var m = TestResources.mathesar("shop");
    m.getSpec().setHostname("data.example.com");
    m.getSpec().setAdditionalHostnames(additional.length == 0 ? null : List.of(additional));
    m.getSpec().getIngress().setEnabled(true);
    return m;
  }

  @Test
  void oneRulePerHostnameEachToTheServicePort80() {
    var ingress =
        IngressFactory.build(
            TestResources.resolved(withIngress("mathesar.example.org", "db.example.net")));

    assertThat(ingress.getSpec().getRules())
        .extracting(IngressRule::getHost)
        .containsExactly("data.example.com", "mathesar.example.org", "db.example.net");
    assertThat(ingress.getSpec().getRules())
        .allSatisfy(
            r -> {
              var path = r.getHttp().getPaths().get(0);
              assertThat(path.getPath()).isEqualTo("/");
              assertThat(path.getPathType()).isEqualTo("Prefix");
              assertThat(path.getBackend().getService().getName()).isEqualTo("shop");
              assertThat(path.getBackend().getService().getPort().getNumber()).isEqualTo(80);
            });
    assertThat(ingress.getSpec().getTls()).isEmpty();
  }

  @Test
  void theCertificateCoversEveryHostname() {
    var m = withIngress("mathesar.example.org");
    m.getSpec().getIngress().setTlsSecretName("mathesar-tls");

    var ingress = IngressFactory.build(TestResources.resolved(m));

    assertThat(ingress.getSpec().getTls())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getSecretName()).isEqualTo("mathesar-tls");
              assertThat(t.getHosts()).containsExactly("data.example.com", "mathesar.example.org");
            });
  }

  @Test
  void withoutAdditionalHostnamesOneRule() {
    var ingress = IngressFactory.build(TestResources.resolved(withIngress()));

    assertThat(ingress.getSpec().getRules())
        .extracting(IngressRule::getHost)
        .containsExactly("data.example.com");
    assertThat(ingress.getMetadata().getName()).isEqualTo("shop");
    assertThat(ingress.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/component", "web");
  }
}
