package dev.sheaf.authz;

import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLSchema;
import java.util.Map;

/** Puts the schema's access rules in front of the fetchers of the fields they guard. */
public final class FieldAuthorization {

  private FieldAuthorization() {
  }

  public static GraphQLSchema apply(GraphQLSchema schema) {
    Map<FieldCoordinates, AccessRule> rules = AccessDirectives.rules(schema);
    if (rules.isEmpty()) {
      return schema;
    }
    GraphQLCodeRegistry guarded = schema.getCodeRegistry().transform(registry -> rules.forEach((coords, rule) ->
        registry.dataFetcher(coords, new AuthorizedFetcher(rule,
            schema.getCodeRegistry().getDataFetcher(coords, schema.getFieldDefinition(coords))))));
    return schema.transformWithoutTypes(builder -> builder.codeRegistry(guarded));
  }
}
