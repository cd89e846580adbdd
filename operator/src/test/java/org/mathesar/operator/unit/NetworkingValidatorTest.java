package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.GatewayParentRef;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.validation.SpecProblem;

/** Through SpecValidator, so the call from there is covered too. */
class NetworkingValidatorTest {
  private static List<SpecProblem> validate(Mathesar m) {
    return TestResources.validate(
        m, TestResources.lookup(TestResources.credentials()), java.util.Optional.empty());
  }

  private static Mathesar withHostnames(String hostname, String... additional) {
    var m = TestResources.mathesar();
    m.getSpec().setHostname(hostname);
    m.getSpec().setAdditionalHostnames(List.of(additional));
    return m;
  }

  @Test
  void additionalHostnamesWithTheHostnameAreFine() {
    assertThat(
            validate(withHostnames("data.example.com", "mathesar.example.org", "db.example.net")))
        .isEmpty();
  }

  @Test
  void additionalHostnamesWithoutHostnameAreRefused() {
    assertThat(validate(withHostnames(null, "mathesar.example.org")))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.reason()).isEqualTo("AdditionalHostnamesNeedHostname");
              assertThat(p.field()).isEqualTo("spec.additionalHostnames");
              assertThat(p.message()).contains("set spec.hostname");
            });
  }

  @Test
  void duplicatesAreRefusedCountingTheHostname() {
    assertThat(
            validate(
                withHostnames(
                    "data.example.com", "a.example.org", "data.example.com", "a.example.org")))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.reason()).isEqualTo("DuplicateHostname");
              assertThat(p.field()).isEqualTo("spec.additionalHostnames");
              assertThat(p.message())
                  .contains("[data.example.com, a.example.org]", "remove the repeats");
            });
  }

  @Test
  void hostnamesTheSchemaWouldRefuseAreRefusedToo() {
    assertThat(validate(withHostnames("data.example.com", "Not_A_Host", "*.example.org")))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.reason()).isEqualTo("InvalidHostname");
              assertThat(p.message()).contains("Not_A_Host", "*.example.org");
            });
  }

  @Test
  void anHttpRouteNeedsAHostnameAndAGateway() {
    var m = TestResources.mathesar();
    m.getSpec().getHttpRoute().setEnabled(true);

    assertThat(validate(m))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("HttpRouteNeedsHostname", "spec.hostname"),
            org.assertj.core.groups.Tuple.tuple(
                "HttpRouteNeedsParent", "spec.httpRoute.parentRefs"));
  }

  @Test
  void aParentRefWithoutNameIsRefused() {
    var m = TestResources.mathesar();
    m.getSpec().setHostname("data.example.com");
    m.getSpec().getHttpRoute().setEnabled(true);
    m.getSpec().getHttpRoute().setParentRefs(List.of(new GatewayParentRef(" ", "gateways", null)));

    assertThat(validate(m)).extracting(SpecProblem::reason).containsExactly("HttpRouteNeedsParent");
  }

  @Test
  void aDisabledRouteIsNotChecked() {
    var m = TestResources.mathesar();
    m.getSpec().getHttpRoute().setParentRefs(List.of());

    assertThat(validate(m)).isEmpty();
  }

  @Test
  void anIngressAndAnHttpRouteMayBothBeOn() {
    var m = TestResources.mathesar();
    m.getSpec().setHostname("data.example.com");
    m.getSpec().getIngress().setEnabled(true);
    m.getSpec().getHttpRoute().setEnabled(true);
    m.getSpec().getHttpRoute().setParentRefs(List.of(new GatewayParentRef("public", null, null)));

    assertThat(validate(m)).isEmpty();
  }
}
