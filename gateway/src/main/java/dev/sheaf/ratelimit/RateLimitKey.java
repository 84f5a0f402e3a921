package dev.sheaf.ratelimit;

import dev.sheaf.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What names a request's bucket: expressions tried in turn, e.g. {@code [claims.client_id+operationName, ip]};
 * the first whose parts all have a value is the key. Parts, joined with {@code +}: {@code claims.NAME}
 * (a claim of the validated token), {@code ip} (the client's address as the gateway sees it: behind a
 * proxy, the proxy's), {@code operationName} and {@code headers.NAME}. No braces, so a YAML list needs
 * no quotes.
 */
public final class RateLimitKey {

  /** What a request offers to the expressions. */
  public interface Source {
    Object claim(String name);

    String ip();

    String operationName();

    String header(String name);
  }

  private sealed interface Part {
  }

  private record Claim(String name) implements Part {
  }

  private record Header(String name) implements Part {
  }

  private enum Special implements Part { IP, OPERATION_NAME }

  private final List<List<Part>> expressions;
  private final boolean usesOperationName;

  private RateLimitKey(List<List<Part>> expressions) {
    this.expressions = expressions;
    this.usesOperationName = expressions.stream().flatMap(List::stream).anyMatch(p -> p == Special.OPERATION_NAME);
  }

  /** @throws ConfigException naming {@code rateLimit.key} and the part at fault */
  public static RateLimitKey compile(List<String> expressions) {
    List<List<Part>> compiled = new ArrayList<>();
    for (String expression : expressions) {
      List<Part> parts = new ArrayList<>();
      for (String part : expression.split("\\+", -1)) {
        parts.add(part(part.trim(), expression));
      }
      compiled.add(List.copyOf(parts));
    }
    return new RateLimitKey(List.copyOf(compiled));
  }

  /** Whether an expression needs the operation's name (which a POST has in its body). */
  public boolean usesOperationName() {
    return usesOperationName;
  }

  /** The request's key, or null when no expression has all its values (the request is not limited). */
  public String render(Source source) {
    for (List<Part> expression : expressions) {
      String key = render(expression, source);
      if (key != null) {
        return key;
      }
    }
    return null;
  }

  private static String render(List<Part> expression, Source source) {
    StringBuilder key = new StringBuilder();
    for (Part part : expression) {
      String value = valueOf(part, source);
      if (value == null || value.isEmpty()) {
        return null;
      }
      if (key.length() > 0) {
        key.append('+');
      }
      key.append(value);
    }
    return key.toString();
  }

  private static String valueOf(Part part, Source source) {
    if (part instanceof Claim claim) {
      Object value = source.claim(claim.name());
      return value == null ? null : String.valueOf(value);
    }
    if (part instanceof Header header) {
      return source.header(header.name());
    }
    return part == Special.IP ? source.ip() : source.operationName();
  }

  private static Part part(String name, String expression) {
    if (name.equals("ip")) {
      return Special.IP;
    }
    if (name.equals("operationName")) {
      return Special.OPERATION_NAME;
    }
    if (name.startsWith("claims.") && name.length() > "claims.".length()) {
      return new Claim(name.substring("claims.".length()));
    }
    if (name.startsWith("headers.") && name.length() > "headers.".length()) {
      return new Header(name.substring("headers.".length()).toLowerCase(Locale.ROOT));
    }
    throw new ConfigException("rateLimit.key: '" + name + "' in '" + expression + "' is not a part of a key; use "
        + "claims.NAME, ip, operationName or headers.NAME, joined with + (e.g. claims.client_id+operationName)");
  }
}
