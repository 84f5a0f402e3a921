package dev.sheaf.spi;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What a {@link FieldResolver} gets: the field's arguments and parent, and backend calls that go
 * through the same deduplication, deadline and timeouts as declarative bindings. Values are
 * JSON-shaped: maps, lists, strings, numbers, booleans.
 */
public interface ResolverEnvironment {

  Map<String, Object> arguments();

  /** The parent object, or null for a root field. */
  Object source();

  /** A client header, if the backend allow-list of the gateway forwards it; null otherwise. */
  String header(String name);

  /** Milliseconds left in the request's deadline. */
  long remainingMillis();

  /** {@code GET uri} on a backend declared in a binding file; the answer's JSON. */
  CompletionStage<Object> get(String backend, String uri);

  /** A call with a JSON body (or null) on a declared backend; the answer's JSON. */
  CompletionStage<Object> send(String backend, String method, String uri, Object jsonBody);

  /** One object of a declared entity type by key, batched with the request's other lookups. */
  CompletionStage<Object> loadEntity(String type, String key);
}
