package dev.sheaf.rest;

import dev.sheaf.rest.Problem.InvalidParameter;
import dev.sheaf.rest.VariableSource.Origin;
import dev.sheaf.server.ClientJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an endpoint's variables from the request: path and query parameters coerced to their
 * GraphQL types, JSON values from the body. Every bad or missing parameter is reported at once.
 */
final class ParameterReader {

  private final ClientJson json = new ClientJson();

  /** @throws ProblemException (400 or 415) naming the parameters at fault */
  Map<String, Object> read(RoutingContext ctx, List<VariableSource> sources) {
    Map<String, Object> variables = new HashMap<>();
    List<InvalidParameter> invalid = new ArrayList<>();
    Object body = null;
    if (sources.stream().anyMatch(s -> s.origin() == Origin.BODY)) {
      body = body(ctx);
      boolean byMember = sources.stream().anyMatch(s -> s.origin() == Origin.BODY && s.name() != null);
      if (byMember && body != null && !(body instanceof Map)) {
        throw new ProblemException(Problem.invalidParameter("body", "body", "must be a JSON object"));
      }
    }
    for (VariableSource source : sources) {
      try {
        if (source.origin() == Origin.BODY) {
          readFromBody(source, body, variables);
        } else {
          readFromText(ctx, source, variables);
        }
      } catch (ParameterCoercion.InvalidValue e) {
        invalid.add(new InvalidParameter(source.parameterName(), source.origin().in(), e.getMessage()));
      }
    }
    if (!invalid.isEmpty()) {
      throw new ProblemException(Problem.invalidParameters(invalid));
    }
    return variables;
  }

  private static void readFromText(RoutingContext ctx, VariableSource source, Map<String, Object> variables) {
    List<String> texts = source.origin() == Origin.PATH ? List.of(ctx.pathParam(source.name()))
        : ctx.queryParam(source.name());
    if (texts.isEmpty()) {
      if (source.required()) {
        throw new ParameterCoercion.InvalidValue("is required");
      }
      return; // absent: the operation's default applies
    }
    variables.put(source.variable(), ParameterCoercion.coerce(texts, source.type()));
  }

  /** JSON values go to the operation as they are: graphql-java coerces them and reports what does not fit. */
  private static void readFromBody(VariableSource source, Object body, Map<String, Object> variables) {
    Map<?, ?> members = body instanceof Map<?, ?> map ? map : Map.of();
    boolean present = source.name() == null ? body != null : members.containsKey(source.name());
    Object value = source.name() == null ? body : members.get(source.name());
    if (value == null && source.required()) {
      throw new ParameterCoercion.InvalidValue(present ? "must not be null" : "is required");
    }
    if (present) {
      variables.put(source.variable(), value);
    }
  }

  private Object body(RoutingContext ctx) {
    Buffer bytes = ctx.body().buffer();
    if (bytes == null || bytes.length() == 0) {
      return null;
    }
    String contentType = ctx.request().getHeader("content-type");
    if (contentType == null || !isJson(contentType)) {
      throw new ProblemException(Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, 415,
          "Send the body as Content-Type: application/json"));
    }
    try {
      return json.read(bytes.getBytes());
    } catch (ClientJson.Malformed e) {
      throw new ProblemException(Problem.invalidParameter("body", "body", e.getMessage()));
    }
  }

  private static boolean isJson(String contentType) {
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }
}
