package dev.sheaf.rest;

import graphql.schema.GraphQLCompositeType;
import java.util.List;

/** The resource an endpoint returns: where it is in {@code data}, its type and its selected members. */
record ResponseShape(ResponsePath path, GraphQLCompositeType type, List<SelectedField> fields) {
}
