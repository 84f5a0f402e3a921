package dev.sheaf.rest;

import dev.sheaf.binding.BackendConfig;
import dev.sheaf.binding.BindingLoader;
import dev.sheaf.binding.BindingLoader.LoadedFile;
import dev.sheaf.config.ConfigProblems;
import dev.sheaf.graphql.QueryLimits;
import graphql.schema.GraphQLSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the {@code endpoints:} of every binding file, validates each against the executable schema
 * and its operation document, and describes them all in OpenAPI. Every problem is reported at once,
 * as a {@link dev.sheaf.config.ConfigException} naming the file, the line and the key.
 */
public final class EndpointLoader {

  private final Path operationsDir;
  private final QueryLimits limits;

  /** @param operationsDir where {@code operation:} files are looked up, {@code schema/operations} */
  /** @param limits the size limits the gateway puts on every document, operations included */
  public EndpointLoader(Path operationsDir, QueryLimits limits) {
    this.operationsDir = operationsDir;
    this.limits = limits;
  }

  public Endpoints load(BindingLoader.Sources sources, GraphQLSchema schema) {
    ConfigProblems problems = new ConfigProblems("Invalid endpoint:", "problems in the endpoints:");
    EndpointCompiler compiler = new EndpointCompiler(operationsDir, schema, varyHeaders(sources.backends()), limits);
    List<Endpoint> endpoints = new ArrayList<>();
    Map<String, Declaration> routes = new HashMap<>();
    Map<String, Declaration> paths = new HashMap<>();
    for (LoadedFile file : sources.files()) {
      file.spec().endpoints().forEach((routeKey, declared) -> {
        Declaration at = new Declaration(file.path(), file.locator(), routeKey, problems);
        Endpoint endpoint = compiler.compile(at, declared);
        if (endpoint == null) {
          return;
        }
        Declaration first = routes.putIfAbsent(endpoint.route().method().name() + " " + endpoint.route().shape(), at);
        if (first != null) {
          at.problem("matches the same requests as \"" + first.routeKey() + "\" (" + first.file()
              + "); keep one of the two");
          return;
        }
        if (!samePathAs(at, endpoint.route(), paths)) {
          return;
        }
        endpoints.add(endpoint);
      });
    }
    problems.throwIfAny();
    endpoints.sort((a, b) -> RouteTemplate.MOST_SPECIFIC_FIRST.compare(a.route(), b.route()));
    return new Endpoints(endpoints, new OpenApiDocument(schema).render(endpoints));
  }

  /**
   * Routes that match the same paths (e.g. GET and DELETE of /orders/{id}) must name their
   * parameters alike: they are one resource, and one OpenAPI path.
   */
  private static boolean samePathAs(Declaration at, RouteTemplate route, Map<String, Declaration> paths) {
    Declaration first = paths.putIfAbsent(route.shape(), at);
    if (first == null) {
      return true;
    }
    String firstPath = RouteTemplate.parse(first.routeKey()).path();
    if (firstPath.equals(route.path())) {
      return true;
    }
    at.problem("matches the same paths as \"" + first.routeKey() + "\" (" + first.file() + ") but names its "
        + "parameters differently; write the path as " + firstPath);
    return false;
  }

  /**
   * Answers may differ by the caller's credentials and by every client header a backend receives
   * ({@code forwardHeaders}), so caches must keep them apart.
   */
  private static String varyHeaders(Map<String, BackendConfig> backends) {
    Set<String> headers = new LinkedHashSet<>();
    headers.add("Authorization");
    backends.values().stream().flatMap(b -> b.forwardHeaders().stream()).sorted()
        .forEach(h -> headers.add(canonical(h)));
    return String.join(", ", headers);
  }

  private static String canonical(String header) {
    return Arrays.stream(header.split("-"))
        .map(part -> part.isEmpty() ? part : part.substring(0, 1).toUpperCase(Locale.ROOT)
            + part.substring(1).toLowerCase(Locale.ROOT))
        .collect(Collectors.joining("-"));
  }
}
