package dev.sheaf.auth;

import com.nimbusds.jose.JWSAlgorithm;
import dev.sheaf.mock.idp.MockIdentityProvider;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.sheaf.auth.AuthTests.await;
import static dev.sheaf.auth.AuthTests.claims;
import static dev.sheaf.auth.AuthTests.config;
import static dev.sheaf.auth.AuthTests.jwksIssuer;
import static dev.sheaf.auth.AuthTests.now;
import static dev.sheaf.auth.AuthTests.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/** Tokens from a real mock IdP over HTTP: what is accepted, and the claim rules. */
@ExtendWith(VertxExtension.class)
class TokenValidatorTest {

  private Vertx vertx;
  private MockIdentityProvider idp;
  private TokenValidator validator;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    idp = await(MockIdentityProvider.start(vertx, "127.0.0.1", 0));
    validator = started(config(jwksIssuer(idp)));
  }

  @AfterEach
  void stop() {
    validator.close();
  }

  private TokenValidator started(AuthConfig config) throws Exception {
    TokenValidator v = TokenValidator.create(vertx, config);
    await(v.start());
    return v;
  }

  @Test
  void validTokenIsAcceptedWithItsClaimsAndScopes() throws Exception {
    String token = idp.mint(claims("sub", "alice", "scope", "orders:read  orders:write",
        "scp", List.of("profile", "orders:read"), "tenant", Map.of("id", 7, "tags", List.of("a"))));

    VerifiedToken verified = await(validator.validate(token));

    assertThat(validator.ready()).isTrue();
    assertThat(verified.issuer()).isEqualTo(idp.issuer());
    assertThat(verified.subject()).isEqualTo("alice");
    assertThat(verified.scopes()).containsExactlyInAnyOrder("orders:read", "orders:write", "profile");
    assertThat(verified.hasScope("profile")).isTrue();
    assertThat(verified.claims()).containsEntry("aud", "sheaf")
        .containsEntry("tenant", Map.of("id", 7L, "tags", List.of("a")));
    assertThat(verified.claims().get("exp")).isInstanceOf(Long.class);
  }

  @Test
  void ecAndEdDsaTokensAreAcceptedByDefault() throws Exception {
    assertThat(await(validator.validate(idp.mintWith(JWSAlgorithm.ES256, claims()))).subject()).isEqualTo("user-42");
    assertThat(await(validator.validate(idp.mintWith(JWSAlgorithm.EdDSA, claims()))).subject()).isEqualTo("user-42");
    assertThat(await(validator.validate(idp.mintWith(JWSAlgorithm.PS256, claims()))).subject()).isEqualTo("user-42");
  }

  @Test
  void algorithmNotListedForTheIssuerIsRefused() throws Exception {
    TokenValidator rsaOnly = started(config(new AuthSpec.IssuerSpec(idp.issuer(), idp.jwksUrl(), null, null,
        List.of("RS256"), List.of("sheaf"), null)));

    assertThat(refusal(rsaOnly.validate(idp.mintWith(JWSAlgorithm.ES256, claims())))).isEqualTo("algorithm not allowed");
    assertThat(refusal(rsaOnly.validate(idp.mintWith(JWSAlgorithm.RS512, claims())))).isEqualTo("algorithm not allowed");
    assertThat(await(rsaOnly.validate(idp.mint(claims()))).issuer()).isEqualTo(idp.issuer());
    rsaOnly.close();
  }

  @Test
  void expiredTokenIsRefusedButAcceptedWithinTheClockSkew() throws Exception {
    assertThat(refusal(validator.validate(idp.mint(claims("exp", now() - 120))))).isEqualTo("token expired");
    assertThat(await(validator.validate(idp.mint(claims("exp", now() - 30)))).subject()).isEqualTo("user-42");
  }

  @Test
  void notBeforeInTheFutureIsRefusedBeyondTheSkewAndAcceptedWithin() throws Exception {
    assertThat(refusal(validator.validate(idp.mint(claims("nbf", now() + 300))))).isEqualTo("token not yet valid");
    assertThat(await(validator.validate(idp.mint(claims("nbf", now() + 30)))).subject()).isEqualTo("user-42");
  }

  @Test
  void tokenOfAnotherIssuerIsRefused() throws Exception {
    assertThat(refusal(validator.validate(idp.mint(claims("iss", "https://evil.example"))))).isEqualTo("untrusted issuer");
    assertThat(refusal(validator.validate(idp.mint(claims("iss", idp.issuer() + "/"))))).isEqualTo("untrusted issuer");
    assertThat(refusal(validator.validate(idp.mint(claims("iss", null))))).isEqualTo("missing claim 'iss'");
  }

  @Test
  void tokenForAnotherAudienceIsRefused() throws Exception {
    assertThat(refusal(validator.validate(idp.mint(claims("aud", "billing"))))).isEqualTo("wrong audience");
    assertThat(refusal(validator.validate(idp.mint(claims("aud", null))))).isEqualTo("wrong audience");
    assertThat(await(validator.validate(idp.mint(claims("aud", List.of("billing", "sheaf"))))).subject())
        .isEqualTo("user-42");
  }

  @Test
  void missingRequiredClaimIsRefusedByName() throws Exception {
    TokenValidator strict = started(config(new AuthSpec.IssuerSpec(idp.issuer(), idp.jwksUrl(), null, null, null,
        List.of("sheaf"), List.of("sub", "tenant"))));

    assertThat(refusal(strict.validate(idp.mint(claims("sub", "bob"))))).isEqualTo("missing claim 'tenant'");
    assertThat(refusal(strict.validate(idp.mint(claims("tenant", "t1", "sub", null))))).isEqualTo("missing claim 'sub'");
    assertThat(await(strict.validate(idp.mint(claims("tenant", "t1")))).claims()).containsEntry("tenant", "t1");
    strict.close();
  }

  @Test
  void tokenWithoutExpiryIsRefusedEvenWhenNotListedAsRequired() throws Exception {
    assertThat(refusal(validator.validate(idp.mint(claims("exp", null))))).isEqualTo("missing claim 'exp'");
  }

  @Test
  void subjectIsOptionalUnlessRequired() throws Exception {
    VerifiedToken verified = await(validator.validate(idp.mint(claims("sub", null))));
    assertThat(verified.subject()).isNull();
    assertThat(verified.scopes()).isEmpty();
  }

  @Test
  void tokenOfIssuerASignedWithTheKeyOfIssuerBIsRefused() throws Exception {
    MockIdentityProvider other = await(MockIdentityProvider.start(vertx, "127.0.0.1", 0));
    TokenValidator both = started(config(jwksIssuer(idp), jwksIssuer(other)));
    // Both IdPs call their first key rsa-1: the kid alone must not pick the other issuer's key.
    assertThat(other.currentKey().getKeyID()).isEqualTo(idp.currentKey().getKeyID());

    String forged = other.mint(claims("iss", idp.issuer()));

    assertThat(refusal(both.validate(forged))).isEqualTo("invalid signature");
    assertThat(await(both.validate(other.mint(claims()))).issuer()).isEqualTo(other.issuer());
    assertThat(await(both.validate(idp.mint(claims()))).issuer()).isEqualTo(idp.issuer());
    both.close();
  }

  @Test
  void timesInClaimsAreEpochSeconds() throws Exception {
    long exp = now() + 600;
    VerifiedToken verified = await(validator.validate(idp.mint(claims("exp", exp, "flag", true, "ratio", 0.5))));
    assertThat(verified.claims()).containsEntry("exp", exp).containsEntry("flag", true).containsEntry("ratio", 0.5);
  }
}
