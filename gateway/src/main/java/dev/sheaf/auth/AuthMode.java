package dev.sheaf.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.sheaf.config.ConfigException;
import java.util.Locale;

/** Whether a request must carry a token. */
public enum AuthMode {
  /** Every request needs a valid token. */
  REQUIRED,
  /** A request without a token is served anonymously; a request with a BAD token is still refused. */
  OPTIONAL;

  /** Lets config files write {@code required} or {@code optional}, in any case. */
  @JsonCreator
  public static AuthMode of(String text) {
    for (AuthMode mode : values()) {
      if (mode.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return mode;
      }
    }
    throw new ConfigException("auth.mode: '" + text + "' is not a mode; use required or optional");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
