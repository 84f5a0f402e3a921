package dev.sheaf.graphql;

import graphql.ExecutionInput;
import graphql.GraphQLError;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Parses and validates each distinct document once, and checks it against the {@link QueryLimits}
 * (and, when introspection is off, for {@code __schema} and {@code __type}).
 * A bounded LRU: a client sending endless distinct documents cannot grow the heap. Documents that
 * failed to parse or were refused are cached too, so a broken client costs no more than a good one.
 */
final class DocumentCache implements PreparsedDocumentProvider {

  private final Map<String, PreparsedDocumentEntry> entries;
  private final QueryLimits limits;
  private final boolean introspection;

  DocumentCache(int maxEntries, QueryLimits limits, boolean introspection) {
    this.limits = limits;
    this.introspection = introspection;
    this.entries = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, PreparsedDocumentEntry> eldest) {
        return size() > maxEntries;
      }
    });
  }

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
      Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    PreparsedDocumentEntry entry = entries.get(input.getQuery());
    if (entry == null) {
      entry = parseAndValidate.apply(input);
      if (!entry.hasErrors()) {
        List<GraphQLError> over = introspection ? List.of() : IntrospectionFields.check(entry.getDocument());
        if (over.isEmpty()) {
          over = limits.check(entry.getDocument());
        }
        if (!over.isEmpty()) {
          entry = new PreparsedDocumentEntry(over);
        }
      }
      entries.put(input.getQuery(), entry);
    }
    return CompletableFuture.completedFuture(entry);
  }

  int size() {
    return entries.size();
  }
}
