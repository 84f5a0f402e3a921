package dev.sheaf.check;

import dev.sheaf.binding.BindingLoader.LoadedFile;
import dev.sheaf.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The operations a configuration stores: every {@code *.graphql} document of its operations folder,
 * and every endpoint's inline {@code query:}, each with the REST endpoints that run it. Declarations
 * that are wrong in other ways (a missing file, a key of the wrong type) are left to the start-up
 * checks, which name the problem.
 */
final class StoredOperations {

  /** One stored document: where it comes from, its text, and the endpoints serving it. */
  record Stored(String origin, String text, List<String> endpoints) {
  }

  private StoredOperations() {
  }

  static List<Stored> read(Path operationsDir, List<LoadedFile> bindingFiles) {
    Map<Path, List<String>> endpointsByFile = new LinkedHashMap<>();
    documentsIn(operationsDir).forEach(file -> endpointsByFile.put(file, new ArrayList<>()));
    List<Stored> inline = new ArrayList<>();
    for (LoadedFile file : bindingFiles) {
      file.spec().endpoints().forEach((route, declared) -> {
        if (!(declared instanceof Map<?, ?> spec)) {
          return;
        }
        String endpoint = "\"" + route + "\" (" + where(file, route) + ")";
        if (spec.get("operation") instanceof String name) {
          List<String> users = endpointsByFile.get(operationsDir.resolve(name).normalize());
          if (users != null) {
            users.add(endpoint);
          }
        } else if (spec.get("query") instanceof String query) {
          inline.add(new Stored(endpoint + " inline query", query, List.of(endpoint)));
        }
      });
    }
    List<Stored> stored = new ArrayList<>();
    endpointsByFile.forEach((file, users) -> stored.add(new Stored(file.toString(), read(file), users)));
    stored.addAll(inline);
    return stored;
  }

  private static String where(LoadedFile file, String route) {
    int line = file.locator().lineOf("endpoints", route);
    return line > 0 ? file.path() + ":" + line : file.path().toString();
  }

  private static List<Path> documentsIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".graphql")).map(Path::normalize).sorted().toList();
    } catch (IOException e) {
      throw new ConfigException(dir + ": cannot be listed (" + e.getMessage() + ")", e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }
}
