package dev.sheaf.authz;

/** The caller may not see a field; reported as a coded error at the field's path. */
public final class AccessDeniedException extends RuntimeException {

  private final String code;

  AccessDeniedException(String code) {
    super("UNAUTHENTICATED".equals(code) ? "This field needs authentication" : "Not allowed to see this field",
        null, false, false);
    this.code = code;
  }

  /** UNAUTHENTICATED or FORBIDDEN. */
  public String code() {
    return code;
  }
}
