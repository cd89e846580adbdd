package org.mathesar.operator.reconciler;

import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.MetadataKeys;

/**
 * Which updates of a Mathesar resource start a reconciliation: spec changes (a new generation), a
 * new value of the retry annotation, and deletion or finalizer changes. Status writes, the
 * operator's own included, do not.
 */
public class MathesarUpdateFilter implements OnUpdateFilter<Mathesar> {
  @Override
  public boolean accept(Mathesar updated, Mathesar old) {
    var n = updated.getMetadata();
    var o = old.getMetadata();
    return !Objects.equals(n.getGeneration(), o.getGeneration())
        || !Objects.equals(annotation(n.getAnnotations()), annotation(o.getAnnotations()))
        || !Objects.equals(n.getDeletionTimestamp(), o.getDeletionTimestamp())
        || !Objects.equals(n.getFinalizers(), o.getFinalizers());
  }

  private static String annotation(Map<String, String> annotations) {
    return annotations == null ? null : annotations.get(MetadataKeys.RETRY_MIGRATION_ANNOTATION);
  }
}
