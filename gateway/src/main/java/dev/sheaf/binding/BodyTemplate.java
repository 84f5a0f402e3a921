package dev.sheaf.binding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A JSON body template: any JSON shape whose string leaves may hold placeholders. A leaf that is
 * exactly one placeholder keeps the value's JSON type ({@code "{args.limit}"} renders as a number,
 * {@code "{args.items}"} as a list); a leaf mixing text and placeholders renders as a string.
 * Object members whose value is missing are left out.
 */
public final class BodyTemplate {

  private final Object tree; // Map<String, Object> | List<Object> | StringTemplate | literal

  private BodyTemplate(Object tree) {
    this.tree = tree;
  }

  public static BodyTemplate compile(Object yamlValue) {
    return new BodyTemplate(compileNode(yamlValue));
  }

  private static Object compileNode(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), compileNode(v)));
      return out;
    }
    if (node instanceof List<?> list) {
      return list.stream().map(BodyTemplate::compileNode).toList();
    }
    if (node instanceof String text && text.indexOf('{') >= 0) {
      return StringTemplate.compile(text);
    }
    return node;
  }

  public List<Expression> expressions() {
    List<Expression> out = new ArrayList<>();
    collect(tree, out);
    return out;
  }

  private static void collect(Object node, List<Expression> out) {
    if (node instanceof Map<?, ?> map) {
      map.values().forEach(v -> collect(v, out));
    } else if (node instanceof List<?> list) {
      list.forEach(v -> collect(v, out));
    } else if (node instanceof StringTemplate t) {
      out.addAll(t.expressions());
    }
  }

  public Object render(TemplateScope scope) {
    return renderNode(tree, scope);
  }

  private static Object renderNode(Object node, TemplateScope scope) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> {
        Object value = renderNode(v, scope);
        if (value != null) {
          out.put((String) k, value);
        }
      });
      return out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(renderNode(v, scope)));
      return out;
    }
    if (node instanceof StringTemplate t) {
      Expression sole = t.soleExpression();
      return sole != null ? sole.evaluate(scope) : t.render(scope, UnaryOperator.identity());
    }
    return node;
  }
}
