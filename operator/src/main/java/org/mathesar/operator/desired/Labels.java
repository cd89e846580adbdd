package org.mathesar.operator.desired;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mathesar.operator.customresource.Mathesar;

/**
 * The app.kubernetes.io labels every owned object carries; their keys are in {@link MetadataKeys}.
 */
public final class Labels {
  public static final String APP_NAME = "mathesar";
  public static final String WEB_COMPONENT = "web";
  public static final String OPERATOR_NAME = "mathesar-operator";

  /** The label selector of the operator's informers for owned objects. */
  public static final String MANAGED_SELECTOR = MetadataKeys.MANAGED_BY_LABEL + "=" + OPERATOR_NAME;

  private Labels() {}

  /**
   * Labels that pick an instance's web pods (not its Job pods); they never change, since a
   * Deployment's selector cannot.
   */
  public static Map<String, String> selector(Mathesar m) {
    var labels = new LinkedHashMap<String, String>();
    labels.put(MetadataKeys.NAME_LABEL, APP_NAME);
    labels.put(MetadataKeys.INSTANCE_LABEL, m.getMetadata().getName());
    labels.put(MetadataKeys.COMPONENT_LABEL, WEB_COMPONENT);
    return labels;
  }

  public static Map<String, String> forComponent(Mathesar m, String component) {
    var labels = new LinkedHashMap<String, String>();
    labels.put(MetadataKeys.NAME_LABEL, APP_NAME);
    labels.put(MetadataKeys.INSTANCE_LABEL, m.getMetadata().getName());
    labels.put(MetadataKeys.MANAGED_BY_LABEL, OPERATOR_NAME);
    labels.put(MetadataKeys.COMPONENT_LABEL, component);
    return labels;
  }
}
