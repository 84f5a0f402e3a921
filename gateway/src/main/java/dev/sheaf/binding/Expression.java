package dev.sheaf.binding;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One {@code {root.a.b}} placeholder of a template, compiled once at start-up. */
public record Expression(Root root, List<String> path) {

  /** Where a value comes from. */
  public enum Root {
    ARGS, SOURCE, HEADERS, CLAIMS, KEYS;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Parses the text between the braces, e.g. {@code args.id}; returns null with a reason via the exception. */
  static Expression parse(String text) {
    String[] parts = text.trim().split("\\.", -1);
    Root root;
    try {
      root = Root.valueOf(parts[0].toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'{" + text + "}' must start with args., source., headers., claims. or be {keys}");
    }
    List<String> path = List.of(parts).subList(1, parts.length);
    if (path.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("'{" + text + "}' has an empty name between dots");
    }
    if (root == Root.KEYS && !path.isEmpty()) {
      throw new IllegalArgumentException("'{" + text + "}': keys is the whole list of batch keys; write {keys}");
    }
    if (root != Root.KEYS && root != Root.SOURCE && path.isEmpty()) {
      throw new IllegalArgumentException("'{" + text + "}' needs a name, e.g. {" + root.word() + ".id}");
    }
    if (root == Root.HEADERS && path.size() != 1) {
      throw new IllegalArgumentException("'{" + text + "}': a header is named as {headers.x-name}");
    }
    return new Expression(root, path);
  }

  public Object evaluate(TemplateScope scope) {
    Object value = scope.root(root);
    for (String name : path) {
      if (!(value instanceof Map<?, ?> map)) {
        return null;
      }
      value = root == Root.HEADERS ? map.get(name.toLowerCase(Locale.ROOT)) : map.get(name);
    }
    return value;
  }

  @Override
  public String toString() {
    return "{" + root.word() + (path.isEmpty() ? "" : "." + String.join(".", path)) + "}";
  }
}
