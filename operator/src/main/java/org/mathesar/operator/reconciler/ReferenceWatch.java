package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mathesar.operator.customresource.Mathesar;

/**
 * An informer for objects the user makes and instances refer to by name (Secrets, ConfigMaps), so
 * that one created or changed later reaches the instances naming it without any edit of theirs.
 * Such objects carry no label of ours, so the informer cannot be narrowed by a label; an index of
 * the primaries by the names they refer to maps an event back to them.
 */
final class ReferenceWatch<T extends HasMetadata> {
  private final Class<T> type;
  private final String name;
  private final Function<Mathesar, List<String>> names;
  private InformerEventSource<T, Mathesar> eventSource;

  ReferenceWatch(Class<T> type, String name, Function<Mathesar, List<String>> names) {
    this.type = type;
    this.name = name;
    this.names = names;
  }

  InformerEventSource<T, Mathesar> createEventSource(EventSourceContext<Mathesar> context) {
    var index = "mathesar.org/" + name;
    context
        .getPrimaryCache()
        .addIndexer(
            index,
            m -> names.apply(m).stream().map(n -> key(m.getMetadata().getNamespace(), n)).toList());
    var configuration =
        InformerEventSourceConfiguration.from(type, Mathesar.class)
            .withName(name)
            .withSecondaryToPrimaryMapper(
                object ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            index,
                            key(
                                object.getMetadata().getNamespace(),
                                object.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper(
                (Mathesar m) ->
                    names.apply(m).stream()
                        .map(n -> new ResourceID(n, m.getMetadata().getNamespace()))
                        .collect(Collectors.toSet()))
            .build();
    eventSource = new InformerEventSource<>(configuration, context);
    return eventSource;
  }

  Optional<T> get(String namespace, String objectName) {
    return eventSource.get(new ResourceID(objectName, namespace));
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
