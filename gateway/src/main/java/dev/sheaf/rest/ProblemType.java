package dev.sheaf.rest;

/**
 * The kinds of RFC 9457 problems the endpoints answer with. Conditions HTTP names well (an unknown
 * path, a wrong method) use {@code about:blank}, whose title is the status' reason phrase; the
 * others have a tag URI (RFC 9457 §3.1.1 suggests one for types that are not meant to be fetched).
 */
enum ProblemType {
  INVALID_PARAMETER("invalid-parameter", "A parameter is missing or invalid"),
  INVALID_REQUEST("invalid-request", "The request cannot be run"),
  RESOURCE_NOT_FOUND("resource-not-found", "The resource does not exist"),
  BACKEND_FAILED("backend-failed", "The resource could not be loaded from its backends"),
  BACKEND_TIMEOUT("backend-timeout", "The resource's backends did not answer in time"),
  UNAUTHENTICATED("unauthenticated", "Authentication is required"),
  FORBIDDEN("forbidden", "The caller may not see this resource"),
  NOT_FOUND(null, "Not Found"),
  METHOD_NOT_ALLOWED(null, "Method Not Allowed"),
  PAYLOAD_TOO_LARGE(null, "Content Too Large"),
  UNSUPPORTED_MEDIA_TYPE(null, "Unsupported Media Type"),
  INTERNAL_ERROR(null, "Internal Server Error");

  static final String TAG_PREFIX = "tag:sheaf.dev,2026:problems/";

  private final String slug;
  private final String title;

  ProblemType(String slug, String title) {
    this.slug = slug;
    this.title = title;
  }

  String uri() {
    return slug == null ? "about:blank" : TAG_PREFIX + slug;
  }

  String title() {
    return title;
  }
}
