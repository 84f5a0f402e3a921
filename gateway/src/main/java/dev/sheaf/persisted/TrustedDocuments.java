package dev.sheaf.persisted;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operations a configuration's manifests list (Apollo's persisted query manifest, Relay's
 * {@code persisted_queries.json}), each already parsed, validated against the schema and
 * measured against the query limits when it was loaded ({@link TrustedDocumentsLoader}).
 * Clients name one by its id, or send its exact text.
 *
 * <p>Also notes the operations that are in no manifest, for the {@code log} and {@code enforce}
 * modes: each distinct one is reported once (up to {@link #MAX_REPORTED}, so a client sending
 * endless distinct documents cannot grow the heap), and all are counted.
 */
public final class TrustedDocuments {

  /** How many distinct untrusted documents are reported by name; beyond, they are only counted. */
  public static final int MAX_REPORTED = 1000;

  private final Map<String, String> textById;
  private final Set<String> texts;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final AtomicLong untrusted = new AtomicLong();

  /** @param textById each operation's text by its manifest id */
  public TrustedDocuments(Map<String, String> textById) {
    this.textById = Map.copyOf(textById);
    this.texts = Set.copyOf(textById.values());
  }

  public static TrustedDocuments none() {
    return new TrustedDocuments(Map.of());
  }

  /** The text of the operation with this id, or null when no manifest lists it. */
  public String textOf(String id) {
    return textById.get(id);
  }

  /** Whether a manifest lists exactly this text. */
  public boolean trusts(String text) {
    return texts.contains(text);
  }

  public int size() {
    return textById.size();
  }

  /** Each operation's text by its manifest id. */
  public Map<String, String> textById() {
    return textById;
  }

  /**
   * Counts one untrusted operation.
   *
   * @param key stands for its document (e.g. its hash)
   * @return whether it should be reported: the first time this document is seen, while fewer than
   *         {@link #MAX_REPORTED} were
   */
  public boolean noteUntrusted(String key) {
    untrusted.incrementAndGet();
    return reported.size() < MAX_REPORTED && reported.add(key);
  }

  /** How many untrusted operations were counted since this configuration was loaded. */
  public long untrustedCount() {
    return untrusted.get();
  }
}
