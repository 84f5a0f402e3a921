package dev.sheaf.binding;

import dev.sheaf.backend.grpc.ProtoSources;
import dev.sheaf.binding.BindingFileSpec.BackendSpec;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.ConfigProblems;
import dev.sheaf.config.Durations;
import dev.sheaf.config.Placeholders;
import dev.sheaf.config.YamlLocator;
import dev.sheaf.config.YamlFiles;
import dev.sheaf.tls.BackendTlsDefaults;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads every {@code *.yaml} binding file of a directory (one per team), validates it against the
 * schema and compiles its templates. All problems are reported together, each naming the file,
 * the line and the key.
 */
public final class BindingLoader {

  /** {@code hedge.after: p95}: the backend's recent latency percentile instead of a fixed delay. */
  private static final Pattern HEDGE_PERCENTILE = Pattern.compile("p(\\d{1,3})");

  private final YamlFiles yaml;
  private final BackendTlsDefaults tlsDefaults;

  /**
   * @param vars values for {@code ${NAME}} in the files' values, consulted before the environment
   * @param env  the process environment
   */
  public BindingLoader(Map<String, String> vars, Map<String, String> env) {
    this(vars, env, BackendTlsDefaults.defaults());
  }

  /** @param tlsDefaults the gateway's {@code backendTls}: what every TLS backend starts from */
  public BindingLoader(Map<String, String> vars, Map<String, String> env, BackendTlsDefaults tlsDefaults) {
    this.yaml = new YamlFiles(new Placeholders(vars, env));
    this.tlsDefaults = tlsDefaults;
  }

  /** A binding file after reading: its spec and where its keys are. */
  public record LoadedFile(Path path, BindingFileSpec spec, YamlLocator locator) {
  }

  /**
   * The binding files of a directory, read and with their backends validated, before their
   * fields are compiled: gRPC backends may first have to be asked for their descriptors.
   */
  public record Sources(List<LoadedFile> files, Map<String, BackendConfig> backends) {

    /** The gRPC services each reflection backend's bindings name, by backend. */
    public Map<String, Set<String>> servicesByReflectionBackend() {
      Map<String, Set<String>> services = new LinkedHashMap<>();
      for (LoadedFile file : files) {
        file.spec().fields().values().stream().filter(Objects::nonNull)
            .forEach(f -> addService(services, f.backend(), f.rpc()));
        file.spec().entities().values().stream().filter(Objects::nonNull)
            .forEach(e -> addService(services, e.backend(), e.rpc()));
      }
      return services;
    }

    private void addService(Map<String, Set<String>> services, String backend, String rpc) {
      BackendConfig config = backend == null ? null : backends.get(backend);
      if (rpc == null || rpc.indexOf('/') <= 0 || config == null || !config.isGrpc() || !config.grpc().reflection()) {
        return; // not a reflection call; malformed ones are reported when fields are compiled
      }
      services.computeIfAbsent(backend, k -> new LinkedHashSet<>()).add(rpc.substring(0, rpc.indexOf('/')));
    }
  }

  /** Reads every binding file of the directory and validates its backends. */
  public Sources read(Path dir) {
    List<LoadedFile> files = readAll(dir);
    ConfigProblems problems = newProblems();
    Map<String, BackendConfig> backends = compileBackends(files, problems);
    problems.throwIfAny();
    return new Sources(files, backends);
  }

  /**
   * Compiles and validates every field and entity binding against the schema and the descriptors.
   *
   * @param javaResolved coordinates served by Java resolvers, mapped to their class names
   */
  public Bindings compile(Sources sources, GraphQLSchema schema, Map<FieldCoordinates, String> javaResolved,
                          ProtoSources protos) {
    ConfigProblems problems = newProblems();
    CallCompiler calls = new CallCompiler(schema, sources.backends(), protos, problems);
    Map<String, EntityBinding> entities = new EntityBindingCompiler(schema, calls, problems)
        .compileEntities(sources.files());
    Set<String> refusedEntities = new LinkedHashSet<>();
    sources.files().forEach(f -> refusedEntities.addAll(f.spec().entities().keySet()));
    refusedEntities.removeAll(entities.keySet());
    FieldBindingCompiler compiler = new FieldBindingCompiler(schema, calls, problems, refusedEntities);
    Map<FieldCoordinates, FieldBinding> fields = compiler.compileFields(sources.files(), entities, javaResolved);
    compiler.checkEveryRootFieldIsBound(fields, sources.files());
    problems.throwIfAny();
    return new Bindings(sources.backends(), fields, entities);
  }

  /** Reads and compiles in one go, for bindings that need no server reflection. */
  public Bindings load(Path dir, GraphQLSchema schema, Map<FieldCoordinates, String> javaResolved, ProtoSources protos) {
    return compile(read(dir), schema, javaResolved, protos);
  }

  private static ConfigProblems newProblems() {
    return new ConfigProblems("Invalid bindings:", "problems in the bindings:");
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
      String text = YamlFiles.text(path);
      YamlLocator locator = new YamlLocator(text);
      BindingFileSpec spec = yaml.convert(path, locator, yaml.tree(path, text, locator), BindingFileSpec.class);
      files.add(new LoadedFile(path, spec, locator));
    }
    return files;
  }

  private Map<String, BackendConfig> compileBackends(List<LoadedFile> files, ConfigProblems problems) {
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

  private BackendConfig compileBackend(LoadedFile file, String name, BackendSpec spec, ConfigProblems problems) {
    Path path = file.path();
    if (spec == null || (spec.url() == null) == (spec.grpc() == null)) {
      problems.add(path, file.locator().lineOf("backends", name), "backends." + name,
          "give either url: (REST, e.g. http://users.internal:8080) or grpc: (host:port, e.g. inventory.internal:9090)");
      return null;
    }
    URI url = null;
    BackendConfig.Grpc grpc = null;
    if (spec.url() != null) {
      url = parseUrl(spec.url());
      if (url == null) {
        problems.add(path, file.locator().lineOf("backends", name, "url"), "backends." + name + ".url",
            "'" + spec.url() + "' is not an http(s) URL with a host, e.g. http://users.internal:8080");
        return null;
      }
    } else {
      grpc = compileGrpc(file, name, spec, problems);
      if (grpc == null) {
        return null;
      }
    }
    Duration timeout = BackendConfig.DEFAULT_TIMEOUT;
    if (spec.timeout() != null) {
      try {
        timeout = Durations.parse(spec.timeout(), "timeout");
      } catch (ConfigException e) {
        problems.add(path, file.locator().lineOf("backends", name, "timeout"), "backends." + name + ".timeout",
            e.getMessage().substring("timeout: ".length()));
        return null;
      }
    }
    int pool = spec.pool() == null ? BackendConfig.DEFAULT_POOL : spec.pool();
    if (pool <= 0) {
      problems.add(path, file.locator().lineOf("backends", name, "pool"), "backends." + name + ".pool",
          "must be a positive number of connections, got " + pool);
      return null;
    }
    long maxResponseBytes = spec.maxResponseBytes() == null ? BackendConfig.DEFAULT_MAX_RESPONSE_BYTES
        : spec.maxResponseBytes();
    if (maxResponseBytes <= 0) {
      problems.add(path, file.locator().lineOf("backends", name, "maxResponseBytes"), "backends." + name
          + ".maxResponseBytes", "must be a positive number of bytes, got " + maxResponseBytes);
      return null;
    }
    List<String> headers = spec.forwardHeaders() == null ? List.of()
        : spec.forwardHeaders().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    Map<String, String> claimHeaders = new LinkedHashMap<>();
    if (spec.claimHeaders() != null) {
      spec.claimHeaders().forEach((header, claim) -> claimHeaders.put(header.toLowerCase(Locale.ROOT), claim));
    }
    String clash = headers.stream()
        .filter(h -> h.equals("authorization") || claimHeaders.containsKey(h)).findFirst().orElse(null);
    if (clash != null) {
      problems.add(path, file.locator().lineOf("backends", name, "forwardHeaders"), "backends." + name + ".forwardHeaders",
          "'" + clash + "' must not be forwarded from the client: " + (clash.equals("authorization")
          ? "use forwardAuthorization: true" : "it carries a token claim (claimHeaders), and a client could spoof it"));
      return null;
    }
    int maxConcurrentCalls = spec.maxConcurrentCalls() == null ? pool * BackendConfig.DEFAULT_CALLS_PER_CONNECTION
        : spec.maxConcurrentCalls();
    if (maxConcurrentCalls <= 0) {
      problems.add(path, file.locator().lineOf("backends", name, "maxConcurrentCalls"), "backends." + name
          + ".maxConcurrentCalls", "must be a positive number of calls, got " + maxConcurrentCalls);
      return null;
    }
    BackendConfig.CircuitBreaker breaker = BackendConfig.CircuitBreaker.DEFAULT;
    if (spec.circuitBreaker() != null) {
      CircuitBreakerCompiler breakerKeys = new CircuitBreakerCompiler(file, name, problems);
      breaker = breakerKeys.compile(spec.circuitBreaker());
      if (breakerKeys.failed()) {
        return null;
      }
    }
    Set<String> fromClients = new LinkedHashSet<>(headers);
    fromClients.addAll(claimHeaders.keySet());
    if (Boolean.TRUE.equals(spec.forwardAuthorization())) {
      fromClients.add("authorization");
    }
    BackendConfig.Connection connection = new ConnectionCompiler(file, name, tlsDefaults, problems)
        .compile(spec, url, fromClients);
    if (connection == null) {
      return null;
    }
    BackendConfig.Retry retry = null;
    if (spec.retry() != null) {
      RetryCompiler retryKeys = new RetryCompiler(file, name, problems);
      retry = retryKeys.compile(spec.retry());
      if (retryKeys.failed()) {
        return null;
      }
    }
    BackendConfig.HedgeDelay hedge = null;
    if (spec.hedge() != null) {
      SectionKeys hedgeKeys = new SectionKeys(file, name, "hedge", problems);
      String after = spec.hedge().after();
      Matcher percentile = after == null ? null : HEDGE_PERCENTILE.matcher(after.trim());
      if (after == null) {
        hedgeKeys.report("after", "required: how long a call may go unanswered before its second attempt, "
            + "e.g. 50ms, or p95 for the backend's recent 95th percentile");
      } else if (percentile.matches()) {
        int p = Integer.parseInt(percentile.group(1));
        if (p < 50 || p > 99) {
          hedgeKeys.report("after", "'" + after + "': a percentile from p50 to p99, e.g. p95");
        }
        hedge = BackendConfig.HedgeDelay.ofPercentile(p);
      } else {
        Duration fixed = hedgeKeys.duration("after", after, null);
        hedge = fixed == null ? null : BackendConfig.HedgeDelay.fixed(fixed);
      }
      if (hedgeKeys.failed()) {
        return null;
      }
    }
    BackendConfig.Cache cache = compileCache(file, name, spec, problems);
    if (spec.cache() != null && spec.cache() != BindingFileSpec.CacheSpec.OFF && cache == null) {
      return null;
    }
    return new BackendConfig(name, url, grpc, timeout, pool, headers, Boolean.TRUE.equals(spec.forwardAuthorization()),
        claimHeaders, maxResponseBytes, breaker, maxConcurrentCalls, connection, retry, hedge, cache);
  }

  /** @return the cache settings, or null for none (unset, off, or wrong and reported) */
  private static BackendConfig.Cache compileCache(LoadedFile file, String name, BackendSpec spec,
                                                  ConfigProblems problems) {
    BindingFileSpec.CacheSpec cache = spec.cache();
    if (cache == null || cache == BindingFileSpec.CacheSpec.OFF) {
      return null;
    }
    Duration ttl = Duration.ZERO;
    if (cache.ttl() != null) {
      try {
        ttl = Durations.parse(cache.ttl(), "ttl");
      } catch (ConfigException e) {
        problems.add(file.path(), file.locator().lineOf("backends", name, "cache", "ttl"), "backends." + name
            + ".cache.ttl", e.getMessage().substring("ttl: ".length()));
        return null;
      }
    }
    if (spec.grpc() != null && ttl.isZero()) {
      problems.add(file.path(), file.locator().lineOf("backends", name, "cache"), "backends." + name + ".cache",
          "gRPC answers say nothing about caching; give how long they stay fresh, e.g. cache: { ttl: 30s }");
      return null;
    }
    return new BackendConfig.Cache(ttl, !Boolean.FALSE.equals(cache.perCaller()));
  }

  private static URI parseUrl(String text) {
    try {
      URI url = new URI(text);
      boolean http = "http".equals(url.getScheme()) || "https".equals(url.getScheme());
      return http && url.getHost() != null ? url : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static BackendConfig.Grpc compileGrpc(LoadedFile file, String name, BackendSpec spec, ConfigProblems problems) {
    String key = "backends." + name;
    int colon = spec.grpc().lastIndexOf(':');
    int port = -1;
    if (colon > 0) {
      try {
        port = Integer.parseInt(spec.grpc().substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
    }
    if (port <= 0 || port > 65535 || spec.grpc().contains("/")) {
      problems.add(file.path(), file.locator().lineOf("backends", name, "grpc"), key + ".grpc",
          "'" + spec.grpc() + "' is not host:port, e.g. inventory.internal:9090");
      return null;
    }
    int streams = spec.maxConcurrentStreams() == null ? BackendConfig.DEFAULT_MAX_STREAMS : spec.maxConcurrentStreams();
    if (streams <= 0) {
      problems.add(file.path(), file.locator().lineOf("backends", name, "maxConcurrentStreams"),
          key + ".maxConcurrentStreams", "must be a positive number, got " + streams);
      return null;
    }
    String descriptors = spec.descriptors() == null ? "protos" : spec.descriptors();
    if (!descriptors.equals("protos") && !descriptors.equals("reflection")) {
      problems.add(file.path(), file.locator().lineOf("backends", name, "descriptors"), key + ".descriptors",
          "must be protos (the .proto files under schema/protos) or reflection (ask the backend)");
      return null;
    }
    boolean tls = spec.tls() != null && spec.tls() != BindingFileSpec.TlsSpec.OFF;
    return new BackendConfig.Grpc(spec.grpc().substring(0, colon), port, tls, streams,
        descriptors.equals("reflection"));
  }
}
