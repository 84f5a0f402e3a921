package dev.sheaf.mock;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * The caching headers of a successful answer, as the {@code cacheControl} and {@code validators}
 * knobs ask: a {@code Cache-Control}, an {@code ETag} over the body, a fixed {@code Last-Modified},
 * and {@code 304 Not Modified} for a conditional request whose copy is current.
 */
final class CacheHeaders {

  /** The data of the mocks never changes while they run: one date serves every answer. */
  static final String LAST_MODIFIED = DateTimeFormatter.RFC_1123_DATE_TIME.format(
      ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
  private static final Instant LAST_MODIFIED_AT = Instant.parse("2026-01-01T00:00:00Z");

  private CacheHeaders() {
  }

  /**
   * Puts the headers on the response; answers 304 (and returns true) when the request's validators
   * match, else leaves the body to the caller.
   */
  static boolean answeredNotModified(RoutingContext ctx, Knobs knobs, Reply reply) {
    HttpServerResponse response = ctx.response();
    if (!knobs.cacheControl().isEmpty()) {
      response.putHeader(HttpHeaders.CACHE_CONTROL, knobs.cacheControl());
    }
    if (!knobs.validators()) {
      return false;
    }
    String tag = tagOf(reply.body().encode());
    response.putHeader(HttpHeaders.ETAG, tag).putHeader(HttpHeaders.LAST_MODIFIED, LAST_MODIFIED);
    String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    boolean current = ifNoneMatch != null ? ifNoneMatch.contains(tag)
        : notModifiedSince(ctx.request().getHeader(HttpHeaders.IF_MODIFIED_SINCE));
    if (current) {
      response.setStatusCode(304).end();
    }
    return current;
  }

  private static boolean notModifiedSince(String date) {
    if (date == null) {
      return false;
    }
    try {
      return !ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().isBefore(LAST_MODIFIED_AT);
    } catch (DateTimeParseException e) {
      return false; // a malformed date is ignored, as RFC 9110 says
    }
  }

  private static String tagOf(String body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
      return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
