package dev.sheaf.graphql;

import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How big a client's document may be, so one request cannot become thousands of backend calls or
 * a walk through the schema's recursive types: the deepest field, the number of aliases and the
 * number of fields, all counted with fragments expanded. Checked once per distinct document, when
 * it is parsed and validated; a document over a limit is refused before anything executes.
 *
 * @param maxDepth   how deeply fields may nest ({@code { user { orders { id } } }} is 3)
 * @param maxAliases how many aliased fields a document may have
 * @param maxFields  how many fields a document may select in all
 */
public record QueryLimits(int maxDepth, int maxAliases, int maxFields) {

  /** The error code of a refused document. */
  public static final String CODE = "QUERY_TOO_COMPLEX";

  public static QueryLimits defaults() {
    return new QueryLimits(15, 30, 500);
  }

  /** The limits this document exceeds, as errors; empty when it is within all of them. */
  public List<GraphQLError> check(Document document) {
    Measure measure = new Measure(document);
    List<GraphQLError> errors = new ArrayList<>();
    for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
      Size size = measure.of(operation.getSelectionSet());
      exceeds(errors, size.depth(), maxDepth, "is nested %s fields deep", "maxDepth");
      exceeds(errors, size.aliases(), maxAliases, "has %s aliased fields", "maxAliases");
      exceeds(errors, size.fields(), maxFields, "selects %s fields", "maxFields");
    }
    return errors;
  }

  private static void exceeds(List<GraphQLError> errors, long value, int limit, String what, String key) {
    if (value > limit) {
      // Fragments may multiply a count past any limit: it is only ever shown as "more than".
      String shown = value >= Measure.CAP ? "more than " + Measure.CAP : String.valueOf(value);
      errors.add(GraphqlErrorBuilder.newError()
          .message("The query " + what.formatted(shown) + "; the limit is " + limit + " (limits." + key + ")")
          .errorType(ErrorType.ValidationError)
          .extensions(Map.of("code", CODE))
          .build());
    }
  }

  private record Size(long depth, long aliases, long fields) {
  }

  /** Sizes of selection sets, each fragment measured once (a fragment spread twice in ten levels stays cheap). */
  private static final class Measure {

    static final long CAP = 1_000_000;

    private final Map<String, FragmentDefinition> fragments = new HashMap<>();
    private final Map<String, Size> measured = new HashMap<>();

    Measure(Document document) {
      for (Definition<?> definition : document.getDefinitions()) {
        if (definition instanceof FragmentDefinition fragment) {
          fragments.put(fragment.getName(), fragment);
        }
      }
    }

    Size of(SelectionSet selections) {
      long depth = 0;
      long aliases = 0;
      long fields = 0;
      if (selections == null) {
        return new Size(0, 0, 0);
      }
      for (Selection<?> selection : selections.getSelections()) {
        Size inner;
        if (selection instanceof Field field) {
          Size children = of(field.getSelectionSet());
          inner = new Size(children.depth() + 1, children.aliases() + (field.getAlias() == null ? 0 : 1),
              children.fields() + 1);
        } else if (selection instanceof InlineFragment inline) {
          inner = of(inline.getSelectionSet());
        } else if (selection instanceof FragmentSpread spread) {
          inner = fragment(spread.getName());
        } else {
          continue;
        }
        depth = Math.max(depth, inner.depth());
        aliases = capped(aliases + inner.aliases());
        fields = capped(fields + inner.fields());
      }
      return new Size(depth, aliases, fields);
    }

    // Validation has already refused unknown and cyclic fragments.
    private Size fragment(String name) {
      Size known = measured.get(name);
      if (known == null) {
        FragmentDefinition fragment = fragments.get(name);
        known = fragment == null ? new Size(0, 0, 0) : of(fragment.getSelectionSet());
        measured.put(name, known);
      }
      return known;
    }

    private static long capped(long count) {
      return Math.min(count, CAP);
    }
  }
}
