package dev.sheaf.binding;

import java.util.List;
import java.util.Map;

/**
 * What a template can draw on while one field is being resolved. Values are plain JSON-shaped
 * Java objects (maps, lists, strings, numbers, booleans, null).
 */
public record TemplateScope(Map<String, Object> args, Object source, Map<String, String> headers,
                            Map<String, Object> claims, List<?> keys) {

  public static TemplateScope ofKeys(List<?> keys) {
    return new TemplateScope(Map.of(), null, Map.of(), Map.of(), keys);
  }

  /** The same scope with another parent object and arguments (for a child field). */
  public TemplateScope forChild(Map<String, Object> childArgs, Object childSource) {
    return new TemplateScope(childArgs, childSource, headers, claims, null);
  }

  Object root(Expression.Root root) {
    return switch (root) {
      case ARGS -> args;
      case SOURCE -> source;
      case HEADERS -> headers;
      case CLAIMS -> claims;
      case KEYS -> keys;
    };
  }
}
