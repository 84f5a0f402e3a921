package dev.sheaf.pipeline;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** A {@code Retry-After} header (RFC 9110): a number of seconds or an HTTP date. */
final class RetryAfter {

  private RetryAfter() {
  }

  /** @return the wait it asks for in milliseconds, or -1 when absent or unreadable */
  static long millis(String header) {
    if (header == null || header.isBlank()) {
      return -1;
    }
    String text = header.trim();
    try {
      return Math.max(0, Long.parseLong(text)) * 1000;
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
        return Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis());
      } catch (DateTimeParseException notADate) {
        return -1;
      }
    }
  }
}
