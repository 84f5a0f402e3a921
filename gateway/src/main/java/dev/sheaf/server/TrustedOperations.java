package dev.sheaf.server;

import dev.sheaf.config.TrustedDocumentsMode;
import dev.sheaf.persisted.TrustedDocuments;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusted documents (safelisting) for one configuration: a request may name a manifest's operation
 * by {@code documentId} or by {@code extensions.persistedQuery.sha256Hash} instead of sending its
 * text, and, in the {@code log} and {@code enforce} modes, an operation whose text no manifest lists
 * is logged or refused before anything runs.
 */
final class TrustedOperations {

  static final String NOT_TRUSTED = "OPERATION_NOT_TRUSTED";
  static final String DOCUMENT_NOT_FOUND = "PERSISTED_DOCUMENT_NOT_FOUND";

  private static final Logger LOG = LoggerFactory.getLogger(TrustedOperations.class);
  private static final String SHA_256_PREFIX = "sha256:";
  private static final int LOGGED_TEXT = 300;

  private final TrustedDocuments documents;
  private final TrustedDocumentsMode mode;

  TrustedOperations(TrustedDocuments documents, TrustedDocumentsMode mode) {
    this.documents = documents;
    this.mode = mode;
  }

  /**
   * The request with the text of the manifest operation it names, or as it came when it names
   * none. An unknown {@code documentId} is a {@code 400}: no text came with it, and clients that
   * send ids (Relay) have no text to send instead. An unknown hash is left to automatic persisted
   * queries.
   */
  GraphQLRequest resolve(GraphQLRequest request) {
    if (request.documentId() != null) {
      String text = byId(request.documentId());
      if (text == null) {
        throw new RequestProblem(400, "No trusted document has the id '" + request.documentId() + "'",
            DOCUMENT_NOT_FOUND);
      }
      return request.withQuery(text);
    }
    if (request.query() != null || !(request.extensions().get(PersistedQueries.EXTENSION) instanceof Map<?, ?> apq)
        || !(apq.get("sha256Hash") instanceof String hash)) {
      return request;
    }
    String text = byId(hash);
    if (text == null) {
      return request;
    }
    // Found in a manifest, not in the store of automatic persisted queries: nothing to register.
    Map<String, Object> extensions = new LinkedHashMap<>(request.extensions());
    extensions.remove(PersistedQueries.EXTENSION);
    return request.withQuery(text).withExtensions(extensions);
  }

  // Apollo's ids are lower-case hex SHA-256; the persisted-documents proposal may prefix "sha256:".
  private String byId(String id) {
    String text = documents.textOf(id);
    if (text == null && id.startsWith(SHA_256_PREFIX)) {
      text = documents.textOf(id.substring(SHA_256_PREFIX.length()));
    }
    if (text == null) {
      text = documents.textOf(id.toLowerCase(Locale.ROOT));
    }
    return text;
  }

  /**
   * Lets the request's operation run, or refuses it ({@code enforce}) with a {@code 403}: a refusal
   * by policy, like a token or an origin refused, not a fault of the document. Called with the
   * text resolved, before anything executes.
   */
  void admit(GraphQLRequest request) {
    if (mode == TrustedDocumentsMode.OFF || documents.trusts(request.query()) || isTypenameProbe(request.query())) {
      return;
    }
    String hash = PersistedQueries.sha256Hex(request.query());
    boolean first = documents.noteUntrusted(hash);
    if (mode == TrustedDocumentsMode.ENFORCE) {
      if (first) {
        LOG.info("refused an operation in no trusted-documents manifest (sha256 {}, operationName {})", hash,
            request.operationName());
      }
      throw new RequestProblem(403, "This operation is not one of the gateway's trusted documents", NOT_TRUSTED);
    }
    if (first) {
      // Once per distinct document: the list to add to the manifests before enforcing.
      LOG.warn("operation in no trusted-documents manifest (sha256 {}, operationName {}, {} untrusted so far): {}",
          hash, request.operationName(), documents.untrustedCount(), abbreviated(request.query()));
    }
  }

  /**
   * {@code { __typename }} reads nothing: health probes and the configuration check ask it, and
   * refusing it would only make them fail under {@code enforce}.
   */
  private static boolean isTypenameProbe(String query) {
    return query.replaceAll("\\s+", "").equals("{__typename}");
  }

  private static String abbreviated(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= LOGGED_TEXT ? oneLine : oneLine.substring(0, LOGGED_TEXT) + "…";
  }
}
