package dev.sheaf.graphql;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Parses and validates each distinct document once. A bounded LRU: a client sending endless
 * distinct documents cannot grow the heap. Documents that failed to parse are cached too, so a
 * broken client costs no more than a good one.
 */
final class DocumentCache implements PreparsedDocumentProvider {

  private final Map<String, PreparsedDocumentEntry> entries;

  DocumentCache(int maxEntries) {
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
      entries.put(input.getQuery(), entry);
    }
    return CompletableFuture.completedFuture(entry);
  }

  int size() {
    return entries.size();
  }
}
