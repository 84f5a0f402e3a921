package dev.sheaf.rest;

import dev.sheaf.config.ConfigProblems;
import dev.sheaf.config.YamlLocator;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Where one endpoint is declared (file and route key), so each problem names its file, line and key. */
record Declaration(Path file, YamlLocator locator, String routeKey, ConfigProblems problems) {

  /** Reports a problem at the endpoint itself, or at one of its keys (e.g. {@code "variables", "id"}). */
  void problem(String message, String... keys) {
    String[] path = Stream.concat(Stream.of("endpoints", routeKey), Arrays.stream(keys)).toArray(String[]::new);
    int line = locator.lineOf(path);
    String where = line > 0 ? file + ":" + line : file.toString();
    String key = "endpoints[\"" + routeKey + "\"]"
        + Arrays.stream(keys).map(k -> "." + k).collect(Collectors.joining());
    problems.add(where + ": " + key + ": " + message);
  }
}
