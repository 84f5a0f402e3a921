package dev.sheaf.insight;

import java.util.Locale;

/** How a client request ended, as metrics, the access log and the waterfall name it. */
public enum Outcome {
  /** Every field resolved. */
  COMPLETE,
  /** Data with errors: some fields failed, the others came back. */
  PARTIAL,
  /** Nothing useful came back: the backends failed, or the gateway did (5xx). */
  ERROR,
  /** Refused before it ran: credentials, limits, a malformed or unknown operation (4xx). */
  REJECTED,
  /** The client left before its whole answer was written. */
  CANCELLED;

  private final String label = name().toLowerCase(Locale.ROOT);

  public String label() {
    return label;
  }
}
