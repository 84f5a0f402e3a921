package dev.sheaf.authz;

import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLAppliedDirective;
import graphql.schema.GraphQLDirectiveContainer;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The field-level authorization directives teams write in their schema files:
 * {@code @authenticated} and {@code @requiresScopes(scopes: [["a", "b"], ["c"]])}, on fields and
 * on types (a rule on a type applies to every field returning it).
 */
public final class AccessDirectives {

  static final String AUTHENTICATED = "authenticated";
  static final String REQUIRES_SCOPES = "requiresScopes";

  private static final String SDL = """
      "The field (or every field returning the type) needs a valid token."
      directive @authenticated on OBJECT | FIELD_DEFINITION | INTERFACE | SCALAR | ENUM
      "The caller's token must carry all scopes of at least one of the lists."
      directive @requiresScopes(scopes: [[String!]!]!) on OBJECT | FIELD_DEFINITION | INTERFACE | SCALAR | ENUM
      """;

  private AccessDirectives() {
  }

  /** Declares the directives, unless a schema file already does. */
  public static void declare(TypeDefinitionRegistry types) {
    if (types.getDirectiveDefinition(AUTHENTICATED).isEmpty() && types.getDirectiveDefinition(REQUIRES_SCOPES).isEmpty()) {
      types.merge(new SchemaParser().parse(SDL));
    }
  }

  /** The rule of every field that has one, from its own directives and its type's. */
  static Map<FieldCoordinates, AccessRule> rules(GraphQLSchema schema) {
    Map<FieldCoordinates, AccessRule> rules = new HashMap<>();
    for (GraphQLNamedType type : schema.getAllTypesAsList()) {
      if (!(type instanceof GraphQLObjectType object) || type.getName().startsWith("__")) {
        continue;
      }
      for (GraphQLFieldDefinition field : object.getFieldDefinitions()) {
        AccessRule own = ruleOf(field);
        GraphQLNamedType returned = (GraphQLNamedType) GraphQLTypeUtil.unwrapAll(field.getType());
        AccessRule ofType = returned instanceof GraphQLDirectiveContainer container ? ruleOf(container) : null;
        AccessRule rule = own == null ? ofType : ofType == null ? own : own.and(ofType);
        if (rule != null) {
          rules.put(FieldCoordinates.coordinates(object, field), rule);
        }
      }
    }
    return rules;
  }

  private static AccessRule ruleOf(GraphQLDirectiveContainer element) {
    boolean authenticated = element.hasAppliedDirective(AUTHENTICATED);
    GraphQLAppliedDirective scopes = element.getAppliedDirective(REQUIRES_SCOPES);
    if (!authenticated && scopes == null) {
      return null;
    }
    List<Set<String>> anyOf = List.of();
    if (scopes != null) {
      List<List<String>> lists = scopes.getArgument("scopes").getValue();
      anyOf = lists.stream().map(l -> (Set<String>) new LinkedHashSet<>(l)).map(Set::copyOf).toList();
    }
    return new AccessRule(authenticated || !anyOf.isEmpty(), anyOf);
  }
}
