package dev.sheaf.rest;

import dev.sheaf.config.ConfigException;
import dev.sheaf.graphql.OperationCost;
import dev.sheaf.rest.VariableSource.Origin;
import graphql.GraphQLError;
import graphql.Scalars;
import graphql.parser.Parser;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;

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
   * A request URI for each endpoint that only reads ({@code GET}), as a client would send it: every path
   * parameter, and every query parameter the endpoint reads, given {@code sample}'s text for its type (the
   * named type under list and non-null wrappers). What the gateway's warm-up asks. Endpoints that change
   * something are left out.
   */
  public List<String> readUris(Function<GraphQLType, String> sample) {
    List<String> uris = new ArrayList<>();
    for (Endpoint endpoint : all) {
      if (endpoint.route().method() != io.vertx.core.http.HttpMethod.GET) {
        continue;
      }
      String path = endpoint.route().path();
      for (String name : endpoint.route().parameters()) {
        GraphQLType type = endpoint.variables().stream()
            .filter(source -> source.origin() == Origin.PATH && source.name().equals(name))
            .map(source -> (GraphQLType) source.type()).findFirst().orElse(Scalars.GraphQLString);
        path = path.replace("{" + name + "}", encoded(sample.apply(GraphQLTypeUtil.unwrapAll(type))));
      }
      StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
      for (VariableSource source : endpoint.variables()) {
        if (source.origin() == Origin.QUERY) {
          query.add(encoded(source.name()) + "=" + encoded(sample.apply(GraphQLTypeUtil.unwrapAll(source.type()))));
        }
      }
      uris.add(path + query);
    }
    return uris;
  }

  private static String encoded(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
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
