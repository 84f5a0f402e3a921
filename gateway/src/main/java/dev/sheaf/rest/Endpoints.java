package dev.sheaf.rest;

import dev.sheaf.config.ConfigException;
import dev.sheaf.graphql.OperationCost;
import graphql.GraphQLError;
import graphql.parser.Parser;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every REST composite endpoint of the gateway, most specific route first, with their OpenAPI
 * description rendered once at start-up.
 */
public final class Endpoints {

  private final List<Endpoint> all;
  private final String openApiJson;

  Endpoints(List<Endpoint> all, String openApiJson) {
    this.all = List.copyOf(all);
    this.openApiJson = openApiJson;
  }

  List<Endpoint> all() {
    return all;
  }

  String openApiJson() {
    return openApiJson;
  }

  /**
   * Refuses the configuration when an endpoint's operation costs more than the cost limit: it would
   * be refused on every call instead.
   *
   * @throws ConfigException naming each such endpoint, its operation and its cost
   */
  public void requireWithin(OperationCost cost) {
    List<String> over = new ArrayList<>();
    for (Endpoint endpoint : all) {
      for (GraphQLError error : cost.check(cost.of(Parser.parse(endpoint.operation().text())))) {
        over.add("endpoint \"" + endpoint.route() + "\" ("
            + endpoint.operation().origin() + "): " + error.getMessage()
            + "; raise limits.maxCost or split the operation");
      }
    }
    if (!over.isEmpty()) {
      throw new ConfigException("Invalid endpoints:\n  - " + String.join("\n  - ", over));
    }
  }

  public int size() {
    return all.size();
  }

  /**
   * A request path for each endpoint that only reads ({@code GET}), every path parameter given
   * {@code sample}: what the gateway's warm-up asks. Endpoints that change something are left out.
   */
  public List<String> readPaths(String sample) {
    List<String> paths = new ArrayList<>();
    for (Endpoint endpoint : all) {
      if (endpoint.route().method() != io.vertx.core.http.HttpMethod.GET) {
        continue;
      }
      String path = endpoint.route().path();
      for (String name : endpoint.route().parameters()) {
        path = path.replace("{" + name + "}", sample);
      }
      paths.add(path);
    }
    return paths;
  }

  /**
   * Where the endpoints live, e.g. {@code [/api]}: handlers that must run before every endpoint
   * (authentication) mount on {@code prefix + "/*"}.
   */
  public Set<String> pathPrefixes() {
    Set<String> prefixes = new LinkedHashSet<>();
    all.forEach(endpoint -> prefixes.add("/" + endpoint.route().prefix()));
    return prefixes;
  }
}
