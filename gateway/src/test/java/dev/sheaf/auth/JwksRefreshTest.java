package dev.sheaf.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import dev.sheaf.mock.idp.MockIdentityProvider;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.sheaf.auth.AuthTests.await;
import static dev.sheaf.auth.AuthTests.claims;
import static dev.sheaf.auth.AuthTests.eventually;
import static dev.sheaf.auth.AuthTests.forge;
import static dev.sheaf.auth.AuthTests.jwksIssuer;
import static dev.sheaf.auth.AuthTests.refusal;
import static dev.sheaf.auth.AuthTests.spec;
import static dev.sheaf.auth.AuthTests.validClaims;
import static org.assertj.core.api.Assertions.assertThat;

/** The JWKS cache against a real mock IdP: refresh, rotation, rate limits, outages. Short intervals, generous bounds. */
@ExtendWith(VertxExtension.class)
class JwksRefreshTest {

  private Vertx vertx;
  private MockIdentityProvider idp;
  private TokenValidator validator;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    idp = await(MockIdentityProvider.start(vertx, "127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    if (validator != null) {
      validator.close();
    }
  }

  private TokenValidator started(String jwksRefresh, String unknownKidMinInterval) throws Exception {
    validator = TokenValidator.create(vertx, AuthConfig.from(spec(jwksRefresh, unknownKidMinInterval, jwksIssuer(idp)),
        AuthTests.CONFIG_FILE));
    await(validator.start());
    return validator;
  }

  @Test
  void rotatedKeyIsPickedUpWithoutRestartAndTheCallerKeepsItsContext() throws Exception {
    started("5m", "30s");
    assertThat(idp.jwksFetches()).isEqualTo(1);
    idp.rotate();
    idp.dropOldKeys();
    String newToken = idp.mint(claims("sub", "after-rotation"));

    // Validate from two event-loop contexts at once, as the gateway does: one starts the refetch, the
    // other joins it; each gets its answer back on its own context.
    Future<String> first = validateOn(vertx.getOrCreateContext(), newToken);
    Future<String> second = validateOn(vertx.getOrCreateContext(), newToken);

    assertThat(await(first)).isEqualTo("after-rotation on the caller's context");
    assertThat(await(second)).isEqualTo("after-rotation on the caller's context");
    assertThat(idp.jwksFetches()).isEqualTo(2);
    assertThat(await(validator.validate(idp.mint(claims()))).subject()).as("no refetch once known").isEqualTo("user-42");
    assertThat(idp.jwksFetches()).isEqualTo(2);
  }

  @Test
  void aTokenWaitingAtMostItsDeadlineForARefetchIsAnsweredOnTheCallersContext() throws Exception {
    // The gateway's way: the wait is bounded by what is left of the request's deadline.
    started("5m", "30s");
    idp.rotate();
    idp.dropOldKeys();
    String newToken = idp.mint(claims("sub", "after-rotation"));

    for (int i = 0; i < 5; i++) {
      assertThat(await(validateOn(vertx.getOrCreateContext(), newToken, 5_000)))
          .isEqualTo("after-rotation on the caller's context");
    }
  }

  private Future<String> validateOn(Context caller, String token) {
    return validateOn(caller, token, Long.MAX_VALUE);
  }

  private Future<String> validateOn(Context caller, String token, long maxWaitMillis) {
    Promise<String> result = Promise.promise();
    caller.runOnContext(v -> validator.validate(token, maxWaitMillis).onComplete((verified, failure) -> {
      String where = Vertx.currentContext() == caller ? " on the caller's context" : " on another context";
      result.complete(failure == null ? verified.subject() + where : failure.getMessage() + where);
    }));
    return result.future();
  }

  @Test
  void droppedKeyIsRefusedAfterARefetch() throws Exception {
    started("5m", "30s");
    String oldToken = idp.mint(claims());
    idp.rotate();
    idp.dropOldKeys();
    assertThat(await(validator.validate(idp.mint(claims()))).subject()).isEqualTo("user-42");  // refetch
    assertThat(refusal(validator.validate(oldToken))).isEqualTo("unknown signing key");
  }

  @Test
  void burstOfUnknownKidsCostsTheIdpOneFetchPerInterval() throws Exception {
    started("5m", "2s");
    // Signed up front, so that each burst takes milliseconds, well within the interval.
    List<List<String>> bursts = List.of(bogusKidTokens(100), bogusKidTokens(100), bogusKidTokens(100));
    int before = idp.jwksFetches();

    assertThat(validateAll(bursts.get(0))).containsOnly("unknown signing key");
    assertThat(idp.jwksFetches() - before).as("one fetch for the whole burst").isEqualTo(1);

    assertThat(validateAll(bursts.get(1))).containsOnly("unknown signing key");
    assertThat(idp.jwksFetches() - before).as("still within the interval").isEqualTo(1);

    await(vertx.timer(2300));
    assertThat(validateAll(bursts.get(2))).containsOnly("unknown signing key");
    assertThat(idp.jwksFetches() - before).as("the next interval allows one more").isEqualTo(2);
  }

  private List<String> bogusKidTokens(int count) throws Exception {
    RSASSASigner signer = new RSASSASigner(idp.currentKey());
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String kid = "bogus-" + i + "-" + System.nanoTime();
      tokens.add(forge(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), validClaims(idp), signer));
    }
    return tokens;
  }

  /** Validates all at once (so that the refetches could overlap), then collects the reasons. */
  private List<String> validateAll(List<String> tokens) throws Exception {
    List<Future<VerifiedToken>> all = tokens.stream().map(validator::validate).toList();
    List<String> reasons = new ArrayList<>();
    for (Future<VerifiedToken> f : all) {
      reasons.add(refusal(f));
    }
    return reasons;
  }

  @Test
  void cachedKeysKeepServingWhileTheIdpIsDown() throws Exception {
    started("200ms", "200ms");
    String token = idp.mint(claims());
    idp.setDown(true);
    int before = idp.jwksFetches();

    await(eventually(vertx, () -> idp.jwksFetches() >= before + 2));

    assertThat(validator.ready()).isTrue();
    assertThat(await(validator.validate(token)).subject()).isEqualTo("user-42");
    assertThat(refusal(validator.validate(forge(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("new-kid").build(),
        validClaims(idp), new RSASSASigner(idp.currentKey()))))).isEqualTo("unknown signing key");
    assertThat(await(validator.validate(token)).subject()).isEqualTo("user-42");
  }

  @Test
  void cachedKeysKeepServingWhileTheIdpAnswersGarbage() throws Exception {
    started("200ms", "200ms");
    idp.setGarbage(true);
    int before = idp.jwksFetches();

    await(eventually(vertx, () -> idp.jwksFetches() >= before + 2));

    assertThat(validator.ready()).isTrue();
    assertThat(await(validator.validate(idp.mint(claims()))).subject()).isEqualTo("user-42");
  }

  @Test
  void startSucceedsWhileTheIdpIsDownAndBecomesReadyWhenItReturns() throws Exception {
    idp.setDown(true);
    started("200ms", "200ms");

    assertThat(validator.ready()).isFalse();
    assertThat(refusal(validator.validate(idp.mint(claims())))).isEqualTo("signing keys unavailable");

    idp.setDown(false);
    await(eventually(vertx, validator::ready));
    assertThat(await(validator.validate(idp.mint(claims()))).subject()).isEqualTo("user-42");
  }

  @Test
  void keysAreRefreshedPeriodicallyAndCloseStopsIt() throws Exception {
    started("200ms", "30s");
    int before = idp.jwksFetches();
    await(eventually(vertx, () -> idp.jwksFetches() >= before + 2));

    validator.close();
    await(vertx.timer(100));  // a fetch sent just before the close may still arrive
    int afterClose = idp.jwksFetches();
    await(vertx.timer(600));
    assertThat(idp.jwksFetches()).isEqualTo(afterClose);
  }
}
