package dev.sheaf.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sheaf.mock.Eventually;
import dev.sheaf.mock.idp.MockIdentityProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Shared pieces of the auth tests: config builders, awaiting futures, forging tokens. */
final class AuthTests {

  static final long TIMEOUT_SECONDS = 10;
  static final Path CONFIG_FILE = Path.of("sheaf.yaml");

  private AuthTests() {
  }

  /** Blocking is fine here: the JUnit thread is not an event loop. */
  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** The reason the validation failed with; fails the test if it succeeded or failed otherwise. */
  static String refusal(Future<?> future) throws Exception {
    try {
      Object value = await(future);
      return fail("expected a refusal, got " + value);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(AuthException.class);
      AuthException refused = (AuthException) e.getCause();
      assertThat(refused.getStackTrace()).as("refusals carry no stack trace").isEmpty();
      return refused.reason();
    }
  }

  /** Completes once the condition holds; fails a second before the test's own timeout. */
  static Future<Void> eventually(Vertx vertx, BooleanSupplier condition) {
    return Eventually.holds(vertx, Duration.ofSeconds(TIMEOUT_SECONDS - 1), condition);
  }

  static AuthSpec.IssuerSpec jwksIssuer(MockIdentityProvider idp) {
    return new AuthSpec.IssuerSpec(idp.issuer(), idp.jwksUrl(), null, null, null, List.of("sheaf"), null);
  }

  static AuthSpec spec(String jwksRefresh, String unknownKidMinInterval, AuthSpec.IssuerSpec... issuers) {
    return new AuthSpec(null, null, null, null, null, jwksRefresh, unknownKidMinInterval, null, List.of(issuers));
  }

  static AuthConfig config(AuthSpec.IssuerSpec... issuers) {
    return AuthConfig.from(spec(null, null, issuers), CONFIG_FILE);
  }

  /** Claims for {@link MockIdentityProvider#mint}: pairs of name and value; a null value drops the claim. */
  static Map<String, Object> claims(Object... namesAndValues) {
    Map<String, Object> claims = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      claims.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return claims;
  }

  static long now() {
    return Instant.now().getEpochSecond();
  }

  /** A token signed by whatever signer and header a test needs. */
  static String forge(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws JOSEException {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  static JWTClaimsSet validClaims(MockIdentityProvider idp) {
    return new JWTClaimsSet.Builder().issuer(idp.issuer()).audience("sheaf").subject("user-42")
        .expirationTime(java.util.Date.from(Instant.now().plusSeconds(3600))).build();
  }

  static String b64(String text) {
    return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
