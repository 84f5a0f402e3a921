package dev.sheaf.server;

import dev.sheaf.auth.AuthConfig;
import dev.sheaf.auth.AuthException;
import dev.sheaf.auth.AuthMode;
import dev.sheaf.auth.BearerToken;
import dev.sheaf.auth.TokenValidator;
import dev.sheaf.auth.VerifiedToken;
import dev.sheaf.resolver.Caller;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Identifies the caller before anything executes: no token is anonymous (refused with 401 in
 * {@code required} mode); a bad token is ALWAYS refused with 401, in every mode, and no backend
 * is called. The reason given is safe (e.g. "token expired"), never key material or internals.
 * While the issuer's keys have never been fetched, a token cannot be judged: 503, never 401.
 * A key refetch is waited for at most until the request's deadline; then the keys held decide.
 */
final class AuthHandler implements Handler<RoutingContext> {

  private static final String RETRY_AFTER_SECONDS = "5";

  private final TokenValidator validator;
  private final AuthConfig config;
  private final RequestDeadlines deadlines;

  AuthHandler(TokenValidator validator, AuthConfig config, RequestDeadlines deadlines) {
    this.validator = validator;
    this.config = config;
    this.deadlines = deadlines;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String token = BearerToken.from(ctx.request().getHeader("authorization"), ctx.request().getHeader("cookie"),
        config.cookie());
    if (token == null) {
      if (config.mode() == AuthMode.REQUIRED) {
        refuse(ctx, "Bearer realm=\"sheaf\"", "authentication required");
      } else {
        ctx.next();
      }
      return;
    }
    // Validation may wait for a key refetch: hold the body until a later handler reads it.
    boolean paused = !ctx.request().isEnded();
    if (paused) {
      ctx.request().pause();
    }
    Context requestContext = Vertx.currentContext();
    validator.validate(token, deadlines.remainingMillis(ctx)).onComplete(ar -> {
      // A refetch completes on the key fetcher's context: the request goes on on its own event loop,
      // or its buffered body races the handlers about to read it.
      if (requestContext != null && Vertx.currentContext() != requestContext) {
        requestContext.runOnContext(v -> decide(ctx, ar, paused));
      } else {
        decide(ctx, ar, paused);
      }
    });
  }

  private static void decide(RoutingContext ctx, AsyncResult<VerifiedToken> ar, boolean paused) {
    if (ar.succeeded()) {
      ctx.put(RequestExecutor.CALLER_KEY, new Caller(true, ar.result().claims(), ar.result().scopes()));
      // The body handler installs its handlers and resumes the request itself; resuming first would
      // hand the buffered body to nobody. Resumed after, for routes that read no body.
      ctx.next();
    } else if (ar.cause() instanceof AuthException auth && auth.keysUnavailable()) {
      unavailable(ctx, auth.reason());
    } else {
      String reason = ar.cause() instanceof AuthException auth ? auth.reason() : "invalid token";
      refuse(ctx, "Bearer realm=\"sheaf\", error=\"invalid_token\", error_description=\"" + reason + "\"", reason);
    }
    if (paused) {
      ctx.request().resume();
    }
  }

  /** RFC 6750 challenge; the body in the shape the route's clients read (GraphQL errors or RFC 9457). */
  private static void refuse(RoutingContext ctx, String challenge, String reason) {
    answer(ctx, 401, "www-authenticate", challenge, "Unauthorized", "UNAUTHENTICATED", "Unauthenticated: " + reason);
  }

  /**
   * 503, not 401: a client that reads 401 drops its token and signs the user out, while here only
   * the gateway is missing the issuer's keys (it keeps fetching them meanwhile).
   */
  private static void unavailable(RoutingContext ctx, String reason) {
    answer(ctx, 503, "retry-after", RETRY_AFTER_SECONDS, "Service Unavailable", "AUTH_UNAVAILABLE",
        "The gateway cannot check tokens yet (" + reason + "); retry shortly");
  }

  /** The refusal, with its one extra header; nothing if the response already ended (the client left). */
  private static void answer(RoutingContext ctx, int status, String header, String headerValue, String title,
                             String code, String message) {
    if (!ctx.response().ended()) {
      ctx.response().putHeader(header, headerValue);
      Refusal.send(ctx, status, title, code, message);
    }
  }
}
