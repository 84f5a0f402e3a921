package dev.sheaf.mock.idp;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Map;

/** The mock IdP's HTTP endpoints. Bound to the provider once it knows its own port. */
final class IdpRoutes implements Handler<HttpServerRequest> {

  private static final int MAX_BODY_BYTES = 64 * 1024;

  private volatile MockIdentityProvider idp;

  void serve(MockIdentityProvider provider) {
    this.idp = provider;
  }

  @Override
  public void handle(HttpServerRequest req) {
    MockIdentityProvider provider = idp;
    if (provider == null) {
      reply(req, 503, new JsonObject().put("error", "starting"));
      return;
    }
    String path = req.path();
    if (req.method() == HttpMethod.GET && MockIdentityProvider.JWKS_PATH.equals(path)) {
      jwks(req, provider);
    } else if (req.method() == HttpMethod.GET && "/.well-known/openid-configuration".equals(path)) {
      reply(req, 200, new JsonObject()
          .put("issuer", provider.issuer())
          .put("jwks_uri", provider.jwksUrl())
          .put("token_endpoint", provider.issuer() + "/token")
          .put("id_token_signing_alg_values_supported", new JsonArray().add("RS256").add("ES256").add("EdDSA")));
    } else if (req.method() == HttpMethod.POST && "/token".equals(path)) {
      req.body().onSuccess(body -> token(req, provider, body))
          .onFailure(e -> reply(req, 400, new JsonObject().put("error", "cannot read the body")));
    } else {
      reply(req, 404, new JsonObject().put("error", "not found"));
    }
  }

  private static void jwks(HttpServerRequest req, MockIdentityProvider provider) {
    provider.countJwksFetch();
    if (provider.down()) {
      reply(req, 503, new JsonObject().put("error", "the mock IdP is down"));
    } else if (provider.garbage()) {
      req.response().setStatusCode(200).putHeader("content-type", "application/json").end("{\"keys\": \"garbage\"");
    } else {
      req.response().setStatusCode(200).putHeader("content-type", "application/jwk-set+json")
          .end(provider.keys().published().toString(true));
    }
  }

  private static void token(HttpServerRequest req, MockIdentityProvider provider, Buffer body) {
    if (body.length() > MAX_BODY_BYTES) {
      reply(req, 413, new JsonObject().put("error", "body too large"));
      return;
    }
    try {
      String text = body.toString(StandardCharsets.UTF_8).strip();
      Map<String, Object> claims = text.isEmpty() ? Map.of() : JSONObjectUtils.parse(text);
      String alg = req.getParam("alg");
      JWTClaimsSet claimsSet = provider.claimsSet(claims);
      String token = provider.sign(alg == null ? JWSAlgorithm.RS256 : JWSAlgorithm.parse(alg), claimsSet);
      JsonObject answer = new JsonObject().put("access_token", token).put("token_type", "Bearer");
      if (claimsSet.getExpirationTime() != null) {
        long left = claimsSet.getExpirationTime().toInstant().getEpochSecond() - Instant.now().getEpochSecond();
        answer.put("expires_in", Math.max(0, left));
      }
      reply(req, 200, answer);
    } catch (ParseException e) {
      reply(req, 400, new JsonObject().put("error", "the body must be a JSON object of claims: " + e.getMessage()));
    } catch (IllegalArgumentException e) {
      reply(req, 400, new JsonObject().put("error", e.getMessage()));
    }
  }

  private static void reply(HttpServerRequest req, int status, JsonObject body) {
    req.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
