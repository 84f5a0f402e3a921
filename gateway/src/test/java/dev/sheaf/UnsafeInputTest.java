package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.auth.AuthMode;
import dev.sheaf.mock.MockBackend;
import dev.sheaf.mock.RecordedRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client input that would change which backend resource a call names: dot-segments and empty path
 * values, variables that are not IDs, control characters in claims. Each is refused for its field
 * (or, for variables, before anything runs), and no backend is called.
 */
class UnsafeInputTest {

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass().trustingIdentityProvider(AuthMode.OPTIONAL);

  private static final String USER_WITH_ORDERS = "query($id: ID!) { user(id: $id) { id orders { id } } }";

  private static int backendCalls() {
    return gateway.mocks.all().stream().mapToInt(MockBackend::calls).sum();
  }

  private static JsonObject onlyError(JsonObject body) {
    assertThat(body.getJsonArray("errors")).as(body.encode()).hasSize(1);
    return body.getJsonArray("errors").getJsonObject(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", ""})
  void pathValueThatIsADotSegmentOrEmptyIsRefusedWithoutACall(String id) {
    JsonObject body = gateway.query(USER_WITH_ORDERS, Map.of("id", id));

    assertThat(body.getJsonObject("data").getValue("user")).isNull();
    JsonObject error = onlyError(body);
    assertThat(error.getJsonArray("path").getList()).containsExactly("user");
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("BAD_USER_INPUT");
    assertThat(error.getJsonObject("extensions").getString("backend")).isEqualTo("users");
    // The user's orders start early from the same id: they must be refused too, not sent.
    assertThat(backendCalls()).isZero();
  }

  @Test
  void dotsInsideAValueStayInsideItsSegment() {
    gateway.query(USER_WITH_ORDERS, Map.of("id", "../admin"));
    gateway.query(USER_WITH_ORDERS, Map.of("id", "..."));

    List<String> paths = gateway.mocks.users().requests().stream().map(RecordedRequest::uri).toList();
    assertThat(paths).containsExactlyInAnyOrder("/users/..%2Fadmin", "/users/...");
  }

  @Test
  void tokenSubjectThatIsADotSegmentIsRefusedWithoutACall() {
    JsonObject body = asCaller(gateway.token(".."), "{ me { id name } }");

    assertThat(body.getJsonObject("data").getValue("me")).isNull();
    assertThat(onlyError(body).getJsonObject("extensions").getString("code")).isEqualTo("BAD_USER_INPUT");
    assertThat(backendCalls()).isZero();
  }

  @Test
  void tokenSubjectWithLineBreaksIsRefusedWithoutACallOrAnInternalError() {
    // users receives the subject in its path and, as x-user-id, in a header: CR/LF must reach neither.
    JsonObject body = asCaller(gateway.token("42\r\nx-admin: true"), "{ me { id name } }");

    assertThat(body.getJsonObject("data").getValue("me")).isNull();
    JsonObject error = onlyError(body);
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("BAD_USER_INPUT");
    assertThat(error.getString("message")).doesNotContain("Exception");
    assertThat(backendCalls()).isZero();
  }

  @Test
  void tokenSubjectWithLineBreaksNeverReachesAClaimHeader() {
    // The path is fine (the subject is only in a header of this call): renameMe posts to /users/{claims.sub}.
    JsonObject body = asCaller(gateway.idp.mint(Map.of("aud", TestGateway.AUDIENCE, "sub", "42", "tenant", "a\nb")),
        "{ me { id } }");

    assertThat(body.getJsonObject("data").getJsonObject("me").getString("id")).isEqualTo("42");
    assertThat(gateway.mocks.users().requests()).allSatisfy(r -> assertThat(r.header("x-user-id")).isEqualTo("42"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"$gt\": \"\"}", "[\"a\", \"b\"]", "true", "1.5", "{}"})
  void idVariableThatIsNotAStringOrIntegerIsRefusedBeforeAnyCall(String json) {
    Object value = new JsonObject("{\"v\": " + json + "}").getValue("v");
    HttpResponse<Buffer> response = postAcceptingGraphQLResponse(
        new JsonObject().put("query", USER_WITH_ORDERS).put("variables", new JsonObject().put("id", value)));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.containsKey("data")).isFalse();
    assertThat(onlyError(body).getString("message")).contains("Variable 'id'").contains("an ID is a string or an integer");
    assertThat(backendCalls()).isZero();
  }

  @Test
  void idListOfObjectsIsRefusedBeforeAnyCall() {
    HttpResponse<Buffer> response = postAcceptingGraphQLResponse(new JsonObject()
        .put("query", "query($ids: [ID!]!) { quote(productIds: $ids) { products { id } } }")
        .put("variables", new JsonObject().put("ids", new JsonArray().add(new JsonObject().put("a", 1)))));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(backendCalls()).isZero();
  }

  @Test
  void integerIdVariableIsAcceptedAsItsDigits() {
    JsonObject data = gateway.graphqlData("query($id: ID!) { user(id: $id) { id } }", Map.of("id", 42));

    assertThat(data.getJsonObject("user").getString("id")).isEqualTo("42");
    assertThat(gateway.mocks.users().requests()).extracting(RecordedRequest::uri).containsExactly("/users/42");
  }

  private static JsonObject asCaller(String token, String query) {
    HttpResponse<Buffer> response = gateway.post(new JsonObject().put("query", query).toBuffer(),
        MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer " + token));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> postAcceptingGraphQLResponse(JsonObject request) {
    return gateway.post(request.toBuffer(),
        MultiMap.caseInsensitiveMultiMap().add("accept", "application/graphql-response+json"));
  }
}
