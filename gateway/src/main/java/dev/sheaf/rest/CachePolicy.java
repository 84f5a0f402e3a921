package dev.sheaf.rest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How complete answers of an endpoint may be cached: its {@code Cache-Control}, and the request
 * headers its answers vary by.
 *
 * @param cacheControl the configured directives, e.g. {@code public, max-age=30}
 * @param vary         {@code Authorization} and every client header some backend receives: answers
 *                     may differ by them, so caches must key on them
 */
record CachePolicy(String cacheControl, String vary) {

  /** Without configuration: caches may store the answer but must revalidate it (cheap, with the ETag). */
  static final String DEFAULT = "no-cache";
  static final String NO_STORE = "no-store";

  private static final Pattern DIRECTIVE =
      Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+(=([!#$%&'*+.^_`|~0-9A-Za-z-]+|\"[^\"]*\"))?");

  /** @throws IllegalArgumentException saying what is wrong with the directives */
  static CachePolicy of(String configured, String vary) {
    String text = configured == null ? DEFAULT : configured.trim();
    List<String> directives = directives(text);
    for (String directive : directives) {
      if (!DIRECTIVE.matcher(directive).matches()) {
        throw new IllegalArgumentException("'" + directive + "' is not a Cache-Control directive; write e.g. "
            + "\"public, max-age=30\"");
      }
    }
    if (has(directives, "public") && has(directives, "private")) {
      throw new IllegalArgumentException("public and private contradict each other; keep one");
    }
    return new CachePolicy(String.join(", ", directives), vary);
  }

  /**
   * The {@code Cache-Control} for one answer. An answer to a request that carried credentials may
   * depend on them, so shared caches must not store it: it becomes {@code private}.
   */
  String cacheControlFor(boolean authorized) {
    return cacheControlFor(authorized, Long.MAX_VALUE);
  }

  /**
   * As {@link #cacheControlFor(boolean)}, never fresh for longer than the shortest-lived backend
   * answer the resource was built from: {@code max-age} and {@code s-maxage} are lowered to
   * {@code maxSeconds}.
   */
  String cacheControlFor(boolean authorized, long maxSeconds) {
    String configured = maxSeconds == Long.MAX_VALUE ? cacheControl : capped(maxSeconds);
    return forCaller(configured, authorized);
  }

  private String capped(long maxSeconds) {
    List<String> capped = new ArrayList<>();
    for (String directive : directives(cacheControl)) {
      String name = name(directive);
      if ((name.equals("max-age") || name.equals("s-maxage")) && seconds(directive) > maxSeconds) {
        capped.add(name + "=" + maxSeconds);
      } else {
        capped.add(directive);
      }
    }
    return String.join(", ", capped);
  }

  private static long seconds(String directive) {
    String value = directive.substring(directive.indexOf('=') + 1).replace("\"", "").trim();
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static String forCaller(String cacheControl, boolean authorized) {
    List<String> directives = directives(cacheControl);
    if (!authorized || has(directives, "private") || has(directives, NO_STORE)) {
      return cacheControl;
    }
    List<String> forOneUser = new ArrayList<>();
    forOneUser.add("private");
    directives.stream()
        .filter(d -> !name(d).equals("public") && !name(d).equals("s-maxage") && !name(d).equals("proxy-revalidate"))
        .forEach(forOneUser::add);
    return String.join(", ", forOneUser);
  }

  private static List<String> directives(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).filter(d -> !d.isEmpty()).toList();
  }

  private static boolean has(List<String> directives, String name) {
    return directives.stream().anyMatch(d -> name(d).equals(name));
  }

  private static String name(String directive) {
    int eq = directive.indexOf('=');
    return (eq < 0 ? directive : directive.substring(0, eq)).toLowerCase(Locale.ROOT);
  }
}
