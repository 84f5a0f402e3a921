package dev.sheaf.binding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Headers a backend gets on every call, as its binding file's {@code headers:} gives them: an API
 * key, a service token, typically from {@code ${file:/run/secrets/x}} or an environment variable.
 * Their values are never printed: {@link #toString()} shows the names only, so a record holding them
 * can be logged or put in a message without leaking them.
 *
 * @param values lower-case header name to value
 */
public record SecretHeaders(Map<String, String> values) {

  public static final SecretHeaders NONE = new SecretHeaders(Map.of());

  public SecretHeaders {
    values = Map.copyOf(values);
  }

  public void forEach(BiConsumer<String, String> action) {
    values.forEach(action);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** Adds the values to a configuration's version, so a reload that reads a rotated secret applies it. */
  public void digestInto(MessageDigest digest) {
    values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(header -> {
      digest.update(header.getKey().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(header.getValue().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    });
  }

  @Override
  public String toString() {
    return "SecretHeaders" + values.keySet().stream().sorted().toList() + " (values redacted)";
  }
}
