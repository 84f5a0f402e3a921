package dev.sheaf.binding;

import dev.sheaf.binding.BindingFileSpec.FallbackSpec;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.ConfigProblems;
import dev.sheaf.config.Durations;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Checks a field binding's {@code fallback:} against the field's type and its call. */
final class FallbackCompiler {

  private FallbackCompiler() {
  }

  /** @return the fallback, or null after reporting what is wrong with it */
  static Fallback compile(SpecSite site, ConfigProblems problems, FallbackSpec spec, GraphQLFieldDefinition field,
                          CallTemplate call, boolean keysOf) {
    if ((spec.value() == null) == (spec.stale() == null)) {
      site.problem(problems, "give exactly one of value: (a literal, e.g. value: []) and stale: (how old the "
          + "last good answer may be, e.g. stale: 10m)", "fallback");
      return null;
    }
    if (spec.stale() != null) {
      return stale(site, problems, spec.stale(), call);
    }
    String misfit = misfit(spec.value(), field.getType(), keysOf);
    if (misfit != null) {
      site.problem(problems, "the value does not fit " + GraphQLTypeUtil.simplePrint(field.getType()) + ": " + misfit,
          "fallback", "value");
      return null;
    }
    return new Fallback.Value(spec.value());
  }

  private static Fallback stale(SpecSite site, ConfigProblems problems, String text, CallTemplate call) {
    if (!call.isRead()) {
      site.problem(problems, "a call that changes something has no last good answer to serve; use value:",
          "fallback", "stale");
      return null;
    }
    try {
      Duration maxAge = Durations.parse(text, "stale");
      if (maxAge.isZero()) {
        site.problem(problems, "must be longer than 0, e.g. 10m", "fallback", "stale");
        return null;
      }
      return new Fallback.Stale(maxAge);
    } catch (ConfigException e) {
      site.problem(problems, e.getMessage(), "fallback", "stale");
      return null;
    }
  }

  /** What is wrong with the literal's shape for the field (a list, an object, a leaf), or null when it fits. */
  private static String misfit(Object value, GraphQLType type, boolean keysOf) {
    GraphQLType bare = GraphQLTypeUtil.unwrapNonNull(type);
    if (GraphQLTypeUtil.isList(bare)) {
      if (!(value instanceof List<?> items)) {
        return "expected a list, e.g. []";
      }
      GraphQLType item = GraphQLTypeUtil.unwrapOne(bare);
      for (Object each : items) {
        String wrong = each == null ? null : keysOf ? keyMisfit(each) : misfit(each, item, false);
        if (wrong != null) {
          return wrong;
        }
      }
      return null;
    }
    if (GraphQLTypeUtil.isLeaf(bare)) {
      return value instanceof Map<?, ?> || value instanceof List<?> ? "expected a single value" : null;
    }
    return value instanceof Map<?, ?> ? null : "expected an object, e.g. { id: \"0\" }";
  }

  private static String keyMisfit(Object key) {
    return key instanceof String || key instanceof Number ? null : "keysOf: the list holds keys (strings or numbers)";
  }
}
