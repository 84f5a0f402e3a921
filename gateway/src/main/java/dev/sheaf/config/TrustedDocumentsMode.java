package dev.sheaf.config;

import java.util.Locale;

/** What the gateway does with an operation whose text is in no trusted-documents manifest. */
public enum TrustedDocumentsMode {
  /** Runs it; manifests still let clients send a document's id instead of its text. */
  OFF,
  /** Runs it, logs it (once per distinct document) and counts it: the step before enforcing. */
  LOG,
  /** Refuses it before any backend is called. */
  ENFORCE;

  static TrustedDocumentsMode parse(String text, String where) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (TrustedDocumentsMode mode : values()) {
      if (mode.name().toLowerCase(Locale.ROOT).equals(t)) {
        return mode;
      }
    }
    throw new ConfigException(where + ": '" + text + "' is not a trusted-documents mode; write off, log or enforce");
  }
}
