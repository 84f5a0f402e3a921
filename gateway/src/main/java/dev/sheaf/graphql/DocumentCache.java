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
 * Parses and validates each distinct document once, and checks it against the {@link QueryLimits},
 * then its {@link OperationCost} (and, when introspection is off, for {@code __schema} and
 * {@code __type}). The cost is measured once too, and put on each request's GraphQL context.
 * A bounded LRU: a client sending endless distinct documents cannot grow the heap. Documents that
 * failed to parse or were refused are cached too, so a broken client costs no more than a good one.
 */
final class DocumentCache implements PreparsedDocumentProvider {

  /** A checked document and its cost (0 when it never runs). */
  private record Entry(PreparsedDocumentEntry document, long cost) {
  }

  private final Map<String, Entry> entries;
  private final QueryLimits limits;
  private final OperationCost cost;
  private final boolean introspection;

  /** @param cost measures documents' cost; null for none */
  DocumentCache(int maxEntries, QueryLimits limits, OperationCost cost, boolean introspection) {
    this.limits = limits;
    this.cost = cost;
    this.introspection = introspection;
    this.entries = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > maxEntries;
      }
    });
  }

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
      Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    Entry entry = entries.get(input.getQuery());
    if (entry == null) {
      entry = check(parseAndValidate.apply(input));
      entries.put(input.getQuery(), entry);
    }
    input.getGraphQLContext().put(OperationCost.CONTEXT_KEY, entry.cost());
    return CompletableFuture.completedFuture(entry.document());
  }

  private Entry check(PreparsedDocumentEntry parsed) {
    if (parsed.hasErrors()) {
      return new Entry(parsed, 0);
    }
    List<GraphQLError> over = introspection ? List.of() : IntrospectionFields.check(parsed.getDocument());
    if (over.isEmpty()) {
      over = limits.check(parsed.getDocument());
    }
    long measured = 0;
    if (over.isEmpty() && cost != null) {
      measured = cost.of(parsed.getDocument());
      over = cost.check(measured);
    }
    return new Entry(over.isEmpty() ? parsed : new PreparsedDocumentEntry(over), measured);
  }

  int size() {
    return entries.size();
  }
}
