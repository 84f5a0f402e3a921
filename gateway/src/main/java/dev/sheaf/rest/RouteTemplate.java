package dev.sheaf.rest;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An endpoint's route, {@code "GET /api/v1/home/{userId}"}: a method and a path of literal segments
 * and whole-segment parameters.
 */
record RouteTemplate(HttpMethod method, List<String> segments) {

  static final List<HttpMethod> METHODS =
      List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  /** Paths the gateway serves itself; an endpoint under them would shadow or be shadowed by them. */
  private static final Set<String> RESERVED = Set.of("graphql", "health", "ready", "openapi.json");

  // Literals exclude ':' and '*', which mean parameters and wildcards to the Vert.x router.
  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~-]+");
  private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

  /** Routes with a literal where another has a parameter go first: /products/featured before /products/{id}. */
  static final Comparator<RouteTemplate> MOST_SPECIFIC_FIRST = RouteTemplate::compareSpecificity;

  /** @throws IllegalArgumentException with a message saying how to write the route */
  static RouteTemplate parse(String key) {
    String[] parts = key.trim().split("\\s+");
    if (parts.length != 2) {
      throw new IllegalArgumentException("write the route as METHOD /path, e.g. \"GET /api/v1/users/{userId}\"");
    }
    HttpMethod method = METHODS.stream().filter(m -> m.name().equals(parts[0])).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("'" + parts[0] + "' is not one of "
            + METHODS.stream().map(HttpMethod::name).collect(Collectors.joining(", "))));
    String path = parts[1];
    if (!path.startsWith("/") || path.length() < 2 || path.endsWith("/") || path.contains("?")) {
      throw new IllegalArgumentException("the path must start with '/' and have no trailing '/' or query string, "
          + "e.g. /api/v1/users/{userId}");
    }
    List<String> segments = List.of(path.substring(1).split("/", -1));
    Set<String> names = new LinkedHashSet<>();
    for (String segment : segments) {
      var parameter = PARAMETER.matcher(segment);
      if (parameter.matches()) {
        if (!names.add(parameter.group(1))) {
          throw new IllegalArgumentException("the path parameter {" + parameter.group(1) + "} appears twice");
        }
      } else if (!LITERAL.matcher(segment).matches()) {
        throw new IllegalArgumentException("'" + segment + "' is neither a literal segment (letters, digits, . _ ~ -) "
            + "nor a whole-segment parameter such as {userId}");
      }
    }
    if (RESERVED.contains(segments.get(0))) {
      throw new IllegalArgumentException("/" + segments.get(0) + " is served by the gateway itself; "
          + "put endpoints under another prefix, e.g. /api");
    }
    return new RouteTemplate(method, segments);
  }

  String path() {
    return "/" + String.join("/", segments);
  }

  List<String> parameters() {
    List<String> names = new ArrayList<>();
    for (String segment : segments) {
      if (isParameter(segment)) {
        names.add(segment.substring(1, segment.length() - 1));
      }
    }
    return names;
  }

  /** The path in the Vert.x router's syntax: {@code /api/v1/home/:userId}. */
  String routerPath() {
    return "/" + segments.stream().map(s -> isParameter(s) ? ":" + s.substring(1, s.length() - 1) : s)
        .collect(Collectors.joining("/"));
  }

  /** The path with parameter names erased: two routes of one shape match the same requests. */
  String shape() {
    return "/" + segments.stream().map(s -> isParameter(s) ? "{}" : s).collect(Collectors.joining("/"));
  }

  /** The first segment, e.g. {@code api}: unknown paths under it get a problem+json 404. */
  String prefix() {
    return segments.get(0);
  }

  boolean acceptsBody() {
    return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
  }

  @Override
  public String toString() {
    return method.name() + " " + path();
  }

  private static boolean isParameter(String segment) {
    return segment.startsWith("{");
  }

  private static int compareSpecificity(RouteTemplate a, RouteTemplate b) {
    for (int i = 0; i < Math.min(a.segments.size(), b.segments.size()); i++) {
      boolean aParam = isParameter(a.segments.get(i));
      boolean bParam = isParameter(b.segments.get(i));
      if (aParam != bParam) {
        return aParam ? 1 : -1;
      }
    }
    return a.toString().compareTo(b.toString());
  }
}
