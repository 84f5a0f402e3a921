package dev.sheaf.rest;

import graphql.language.FragmentDefinition;
import graphql.language.OperationDefinition;
import java.util.Map;

/**
 * A GraphQL operation an endpoint runs, parsed and validated against the schema at start-up.
 *
 * @param text      the whole document, sent to the executor as is (its document cache holds the parse)
 * @param name      the operation to run, or null for a document's only operation
 * @param origin    where the document came from, for messages: its file, or "query"
 */
record Operation(String text, String name, OperationDefinition definition, Map<String, FragmentDefinition> fragments,
                 String origin) {
}
