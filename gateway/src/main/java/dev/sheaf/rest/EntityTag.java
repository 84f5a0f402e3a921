package dev.sheaf.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Strong entity tags over a body's exact bytes, and the {@code If-None-Match} check (RFC 9110 §13.1.2). */
final class EntityTag {

  private EntityTag() {
  }

  /** A quoted, base64url SHA-256 of the bytes: equal bodies, equal tags, on every instance of the gateway. */
  static String of(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  static String of(String body) {
    return of(body.getBytes(StandardCharsets.UTF_8));
  }

  /** If-None-Match uses the weak comparison: {@code W/"x"} matches {@code "x"}; {@code *} matches any tag. */
  static boolean matches(String ifNoneMatch, String tag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String trimmed = candidate.trim();
      if (trimmed.equals("*") || opaque(trimmed).equals(opaque(tag))) {
        return true;
      }
    }
    return false;
  }

  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }
}
