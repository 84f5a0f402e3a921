package dev.sheaf.rest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.sheaf.graphql.QueryLimits;
import graphql.schema.GraphQLSchema;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Compiles one endpoint declaration, reporting every problem it has (not only the first). */
final class EndpointCompiler {

  // Endpoint specs arrive as YAML maps (the binding file keeps them raw); this mapper refuses unknown keys.
  private final ObjectMapper specs = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  private final OperationReader operations;
  private final VariableSourceCompiler variables;
  private final ResponseShapeCompiler responses;
  private final String vary;

  /**
   * @param vary   the request headers every cacheable answer varies by
   * @param limits the size limits every operation must be within
   */
  EndpointCompiler(Path operationsDir, GraphQLSchema schema, String vary, QueryLimits limits) {
    this.operations = new OperationReader(operationsDir, schema, limits);
    this.variables = new VariableSourceCompiler(schema);
    this.responses = new ResponseShapeCompiler(schema);
    this.vary = vary;
  }

  /** @return the endpoint, or null after reporting its problems */
  Endpoint compile(Declaration at, Object declared) {
    RouteTemplate route;
    try {
      route = RouteTemplate.parse(at.routeKey());
    } catch (IllegalArgumentException e) {
      at.problem(e.getMessage());
      return null;
    }
    EndpointSpec spec = read(at, declared);
    if (spec == null) {
      return null;
    }
    Integer notFound = notFoundStatus(at, spec);
    Integer status = successStatus(at, route, spec);
    CachePolicy cache = cachePolicy(at, spec);
    Operation operation = operations.read(at, route, spec);
    if (operation == null) {
      return null;
    }
    List<VariableSource> sources = variables.compile(at, route, operation, spec.variables());
    ResponseShape shape = responses.compile(at, operation, spec.response());
    if (sources == null || shape == null || notFound == null || status == null || cache == null) {
      return null;
    }
    return new Endpoint(route, operation, sources, shape, notFound, cache, status);
  }

  private EndpointSpec read(Declaration at, Object declared) {
    if (!(declared instanceof Map<?, ?>)) {
      at.problem("expected a mapping with operation: (or query:), and optionally operationName:, variables:, "
          + "response:, notFound:, cacheControl:, status:");
      return null;
    }
    try {
      return specs.convertValue(declared, EndpointSpec.class);
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
        String known = unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
            .collect(Collectors.joining(", "));
        at.problem("unknown key '" + unknown.getPropertyName() + "'; allowed keys: " + known,
            unknown.getPropertyName());
      } else if (e.getCause() instanceof JsonMappingException wrong && !wrong.getPath().isEmpty()) {
        String key = wrong.getPath().get(0).getFieldName();
        at.problem("wrong shape: " + wrong.getOriginalMessage().lines().findFirst().orElse(""), key);
      } else {
        at.problem("cannot be read: " + e.getMessage());
      }
      return null;
    }
  }

  private static Integer notFoundStatus(Declaration at, EndpointSpec spec) {
    if (spec.notFound() == null) {
      return 404;
    }
    if (spec.notFound() != 404 && spec.notFound() != 200) {
      at.problem("must be 404 (a missing resource is a 404 problem) or 200 (the body is null); got "
          + spec.notFound(), "notFound");
      return null;
    }
    return spec.notFound();
  }

  private static Integer successStatus(Declaration at, RouteTemplate route, EndpointSpec spec) {
    if (spec.status() == null || spec.status() == 200) {
      return 200;
    }
    if (spec.status() != 201) {
      at.problem("must be 200 (default) or 201 (the request created the resource); got " + spec.status(), "status");
      return null;
    }
    if (route.method() != HttpMethod.POST && route.method() != HttpMethod.PUT) {
      at.problem("201 (created) is for POST and PUT, not " + route.method() + "; remove status:", "status");
      return null;
    }
    if (spec.notFound() != null && spec.notFound() == 200) {
      at.problem("a created resource cannot be missing: with status 201, a null resource must be a 404 "
          + "(remove notFound: 200)", "status");
      return null;
    }
    return 201;
  }

  private CachePolicy cachePolicy(Declaration at, EndpointSpec spec) {
    try {
      return CachePolicy.of(spec.cacheControl(), vary);
    } catch (IllegalArgumentException e) {
      at.problem(e.getMessage(), "cacheControl");
      return null;
    }
  }
}
