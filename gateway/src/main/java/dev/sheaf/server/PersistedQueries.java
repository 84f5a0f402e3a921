package dev.sheaf.server;

import dev.sheaf.persisted.PersistedQueryStore;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic persisted queries, as Apollo clients speak them: {@code extensions.persistedQuery}
 * carries {@code version: 1} and {@code sha256Hash}, the lower-case hex SHA-256 of the query's
 * UTF-8 text. A client first sends the hash alone; told {@code PERSISTED_QUERY_NOT_FOUND}, it sends
 * hash and text, which registers the text; from then on the hash alone runs it, from any
 * connection, and a {@code GET} with only the hash has a short URL a CDN can cache.
 */
final class PersistedQueries {

  static final String EXTENSION = "persistedQuery";
  static final String NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND";
  static final String NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED";
  static final String HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH";
  static final String VERSION_NOT_SUPPORTED = "PERSISTED_QUERY_VERSION_NOT_SUPPORTED";

  private static final Logger LOG = LoggerFactory.getLogger(PersistedQueries.class);
  private static final Pattern SHA_256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

  private final PersistedQueryStore store;
  private final boolean enabled;

  PersistedQueries(PersistedQueryStore store, boolean enabled) {
    this.store = store;
    this.enabled = enabled;
  }

  /**
   * The request with its query's text: as sent (registered under its hash when it has one), or
   * looked up by its hash. Fails with a {@link RequestProblem}. The two answers an Apollo client
   * acts on, not found and not supported, are {@code 200} whatever the media type: Apollo's iOS
   * client, for one, reads no errors from a {@code 4xx}, so it would fail instead of sending the
   * query's text (Apollo Router answers them {@code 200} too).
   */
  Future<GraphQLRequest> resolve(GraphQLRequest request) {
    Object extension = request.extensions().get(EXTENSION);
    if (extension == null) {
      return Future.succeededFuture(request);
    }
    if (!enabled) {
      // The text, when sent, runs as if no hash came with it: a client needs no second try.
      return request.query() != null ? Future.succeededFuture(request)
          : Future.failedFuture(new RequestProblem(200, "PersistedQueryNotSupported", NOT_SUPPORTED));
    }
    String hash;
    try {
      hash = hashOf(extension);
    } catch (RequestProblem malformed) {
      return Future.failedFuture(malformed);
    }
    if (request.query() != null) {
      return register(hash, request);
    }
    return store.get(hash)
        .recover(e -> {
          // The client then sends the text, which runs without the store.
          LOG.warn("persisted query {} could not be read from the store", hash, e);
          return Future.succeededFuture(null);
        })
        .compose(query -> query == null
            ? Future.failedFuture(new RequestProblem(200, "PersistedQueryNotFound", NOT_FOUND))
            : Future.succeededFuture(request.withQuery(query)));
  }

  private Future<GraphQLRequest> register(String hash, GraphQLRequest request) {
    if (!hash.equals(sha256Hex(request.query()))) {
      return Future.failedFuture(new RequestProblem(400,
          "The persisted query's sha256Hash is not the SHA-256 of the query (lower-case hex of its UTF-8 text)",
          HASH_MISMATCH));
    }
    // Not waited for: the query runs either way, and a store that failed only costs a resend later.
    store.put(hash, request.query())
        .onFailure(e -> LOG.warn("persisted query {} could not be stored", hash, e));
    return Future.succeededFuture(request);
  }

  /** The extension's hash in lower case; a malformed extension is a {@code 400}. */
  private static String hashOf(Object extension) {
    if (!(extension instanceof Map<?, ?> fields)) {
      throw new RequestProblem(400, "extensions.persistedQuery must be an object with \"version\" and \"sha256Hash\"");
    }
    Object version = fields.get("version");
    if (!(version instanceof Number number) || number.doubleValue() != 1) {
      throw new RequestProblem(400, "Unsupported persisted query version " + version + "; only version 1 is known",
          VERSION_NOT_SUPPORTED);
    }
    if (!(fields.get("sha256Hash") instanceof String hash) || !SHA_256_HEX.matcher(hash).matches()) {
      throw new RequestProblem(400, "extensions.persistedQuery.sha256Hash must be 64 hexadecimal digits (a SHA-256)");
    }
    return hash.toLowerCase(Locale.ROOT);
  }

  static String sha256Hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
