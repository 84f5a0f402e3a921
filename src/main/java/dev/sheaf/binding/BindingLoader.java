package dev.sheaf.binding;

import dev.sheaf.binding.BindingFileSpec.BackendSpec;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.Durations;
import dev.sheaf.config.YamlLocator;
import dev.sheaf.config.YamlFiles;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLSchema;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads every {@code *.yaml} binding file of a directory (one per team), validates it against the
 * schema and compiles its templates. All problems are reported together, each naming the file,
 * the line and the key.
 */
public final class BindingLoader {

  private final YamlFiles yaml = new YamlFiles();
  private final Placeholders placeholders;

  public BindingLoader(Map<String, String> vars, Map<String, String> env) {
    this.placeholders = new Placeholders(vars, env);
  }

  /** A binding file after reading: its spec and where its keys are. */
  record LoadedFile(Path path, BindingFileSpec spec, YamlLocator locator) {
  }

  /**
   * @param javaResolved coordinates served by Java resolvers, mapped to their class names
   */
  public Bindings load(Path dir, GraphQLSchema schema, Map<FieldCoordinates, String> javaResolved) {
    List<LoadedFile> files = readAll(dir);
    Problems problems = new Problems();
    Map<String, BackendConfig> backends = compileBackends(files, problems);
    FieldBindingCompiler compiler = new FieldBindingCompiler(schema, backends, problems);
    Map<String, EntityBinding> entities = compiler.compileEntities(files);
    Map<FieldCoordinates, FieldBinding> fields = compiler.compileFields(files, entities, javaResolved);
    compiler.checkEveryRootFieldIsBound(fields);
    problems.throwIfAny();
    return new Bindings(backends, fields, entities);
  }

  private List<LoadedFile> readAll(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ConfigException(dir + ": binding directory not found; point --resolvers (or resolversDir in "
          + "the config file) at the folder holding your *.yaml binding files");
    }
    List<Path> paths;
    try (Stream<Path> listing = Files.list(dir)) {
      paths = listing.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted().toList();
    } catch (IOException e) {
      throw new ConfigException(dir + ": cannot be listed (" + e.getMessage() + ")", e);
    }
    if (paths.isEmpty()) {
      throw new ConfigException(dir + ": no *.yaml binding files; add one per team (see README, \"Bindings\")");
    }
    List<LoadedFile> files = new ArrayList<>();
    for (Path path : paths) {
      String text;
      try {
        text = placeholders.substitute(path, Files.readString(path));
      } catch (IOException e) {
        throw new ConfigException(path + ": cannot be read (" + e.getMessage() + ")", e);
      }
      files.add(new LoadedFile(path, yaml.read(path, text, BindingFileSpec.class), new YamlLocator(text)));
    }
    return files;
  }

  private Map<String, BackendConfig> compileBackends(List<LoadedFile> files, Problems problems) {
    Map<String, BackendConfig> backends = new LinkedHashMap<>();
    Map<String, Path> declaredIn = new LinkedHashMap<>();
    for (LoadedFile file : files) {
      for (Map.Entry<String, BackendSpec> entry : file.spec().backends().entrySet()) {
        String name = entry.getKey();
        int line = file.locator().lineOf("backends", name);
        String key = "backends." + name;
        if (declaredIn.containsKey(name)) {
          problems.add(file.path(), line, key, "backend '" + name + "' is already declared in "
              + declaredIn.get(name) + "; backend names are global, pick another name");
          continue;
        }
        BackendConfig backend = compileBackend(file, name, entry.getValue(), problems);
        if (backend != null) {
          backends.put(name, backend);
          declaredIn.put(name, file.path());
        }
      }
    }
    return backends;
  }

  private static BackendConfig compileBackend(LoadedFile file, String name, BackendSpec spec, Problems problems) {
    Path path = file.path();
    if (spec == null || spec.url() == null) {
      problems.add(path, file.locator().lineOf("backends", name), "backends." + name,
          "a url is required, e.g. url: http://users.internal:8080");
      return null;
    }
    URI url;
    try {
      url = new URI(spec.url());
    } catch (URISyntaxException e) {
      url = null;
    }
    if (url == null || url.getHost() == null
        || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
      problems.add(path, file.locator().lineOf("backends", name, "url"), "backends." + name + ".url",
          "'" + spec.url() + "' is not an http(s) URL with a host, e.g. http://users.internal:8080");
      return null;
    }
    Duration timeout = BackendConfig.DEFAULT_TIMEOUT;
    if (spec.timeout() != null) {
      try {
        timeout = Durations.parse(spec.timeout(), "timeout");
      } catch (ConfigException e) {
        problems.add(path, file.locator().lineOf("backends", name, "timeout"), "backends." + name + ".timeout",
            "'" + spec.timeout() + "' is not a duration; write it as 800ms or 2s");
        return null;
      }
    }
    int pool = spec.pool() == null ? BackendConfig.DEFAULT_POOL : spec.pool();
    if (pool <= 0) {
      problems.add(path, file.locator().lineOf("backends", name, "pool"), "backends." + name + ".pool",
          "must be a positive number of connections, got " + pool);
      return null;
    }
    List<String> headers = spec.forwardHeaders() == null ? List.of()
        : spec.forwardHeaders().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    return new BackendConfig(name, url, timeout, pool, headers);
  }
}
