package dev.sheaf.rest;

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

  public int size() {
    return all.size();
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
