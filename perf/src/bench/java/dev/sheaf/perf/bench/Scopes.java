package dev.sheaf.perf.bench;

import dev.sheaf.binding.TemplateScope;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;

/**
 * Builds a {@link TemplateScope} by component name through its canonical constructor, so the
 * benchmarks keep compiling when the gateway adds a template root (components other than args and
 * source get an empty map, or null when they are not maps).
 */
final class Scopes {

  private Scopes() {
  }

  static TemplateScope of(Map<String, Object> args, Object source) {
    RecordComponent[] components = TemplateScope.class.getRecordComponents();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      values[i] = switch (c.getName()) {
        case "args" -> args;
        case "source" -> source;
        default -> Map.class.isAssignableFrom(c.getType()) ? Map.of() : null;
      };
    }
    try {
      Constructor<TemplateScope> canonical = TemplateScope.class.getDeclaredConstructor(
          Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      return canonical.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build a TemplateScope", e);
    }
  }
}
