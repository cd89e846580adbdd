package org.mathesar.operator.desired;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mathesar.operator.customresource.Mathesar;

/** The app.kubernetes.io labels every owned object carries. */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String VERSION = "app.kubernetes.io/version";
  public static final String APP_NAME = "mathesar";
  public static final String WEB_COMPONENT = "web";
  public static final String OPERATOR_NAME = "mathesar-operator";
  /** The label selector of the operator's informers for owned objects. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR_NAME;

  private Labels() {}

  /**
   * Labels that pick an instance's web pods (not its Job pods); they never change, since a
   * Deployment's selector cannot.
   */
  public static Map<String, String> selector(Mathesar m) {
    var labels = new LinkedHashMap<String, String>();
    labels.put(NAME, APP_NAME);
    labels.put(INSTANCE, m.getMetadata().getName());
    labels.put(COMPONENT, WEB_COMPONENT);
    return labels;
  }

  public static Map<String, String> forComponent(Mathesar m, String component) {
    var labels = new LinkedHashMap<String, String>();
    labels.put(NAME, APP_NAME);
    labels.put(INSTANCE, m.getMetadata().getName());
    labels.put(MANAGED_BY, OPERATOR_NAME);
    labels.put(COMPONENT, component);
    return labels;
  }
}
