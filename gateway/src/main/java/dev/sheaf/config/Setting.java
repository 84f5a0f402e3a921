package dev.sheaf.config;

import java.util.Arrays;
import java.util.List;

/**
 * One gateway setting and the three places it can come from: its key in the config file, its
 * command-line flag and its environment variable. The flag wins over the variable, the variable
 * over the file, the file over the default; the same rule and the same check for every setting.
 *
 * @param key  the dotted key path in the config file, e.g. {@code deadline.default}; null for the
 *             config file's own location
 * @param flag e.g. {@code --deadline}, given as {@code --deadline=3s}; null for a file-only section
 * @param env  e.g. {@code SHEAF_DEADLINE}; null for a file-only section
 * @param kind what the value must be
 */
public record Setting(String key, String flag, String env, Kind kind) {

  /** What a setting's value must be; the file, a flag and a variable are checked alike. */
  public enum Kind {
    TEXT, PATH, PORT, COUNT, BYTES, EVENT_LOOPS, DURATION, POSITIVE_DURATION, BOOLEAN,
    /** {@code off}, {@code log} or {@code enforce} (see {@link TrustedDocumentsMode}). */
    TRUSTED_DOCUMENTS_MODE,
    /** {@code redis://host:port} or {@code rediss://…} (see {@link RedisConfig}). */
    REDIS_URL,
    /** {@code memory} or {@code redis} (see {@link CacheConfig.Store}). */
    CACHE_STORE,
    /** A list: a YAML list in the file, comma-separated in a flag or variable. */
    LIST,
    /** An http(s) URL of an OTLP/HTTP traces receiver. */
    OTLP_ENDPOINT,
    /** A number from 0 to 1. */
    RATIO,
    /** {@code trust} or {@code ignore} (see {@link TracingConfig.Parents}). */
    TRACE_PARENTS,
    /** {@code json} or {@code text}. */
    LOG_FORMAT,
    /**
     * Logger names and their levels: a mapping in the file, {@code name=level} pairs separated by
     * commas in a flag or variable (or the file).
     */
    LOG_LEVELS,
    /** A structured section (e.g. {@code auth}) that only the file can hold. */
    SECTION
  }

  /** Where a setting's text came from, for error messages: the file and line, the flag, or the variable. */
  record Value(String text, List<String> items, String where) {

    static Value ofText(String text, String where) {
      return new Value(text, null, where);
    }

    /** A list setting's items: the file's list, or the text split at commas. */
    List<String> list() {
      if (items != null) {
        return items;
      }
      return Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }
  }

  /** The key's parts: {@code deadline.default} is {@code [deadline, default]}. */
  String[] path() {
    return key.split("\\.");
  }
}
