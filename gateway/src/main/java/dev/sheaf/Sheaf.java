package dev.sheaf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import dev.sheaf.admin.AdminRoutes;
import dev.sheaf.reload.ConfigFiles;
import dev.sheaf.reload.ConfigStatus;
import dev.sheaf.reload.ConfigWatcher;
import dev.sheaf.reload.ReloadAttempt;
import dev.sheaf.reload.RestartOnlySettings;
import dev.sheaf.reload.Snapshot;
import dev.sheaf.auth.TokenValidator;
import dev.sheaf.backend.grpc.ProtoFolder;
import dev.sheaf.backend.grpc.ProtoJson;
import dev.sheaf.backend.grpc.ProtoRegistry;
import dev.sheaf.backend.grpc.ProtoSources;
import dev.sheaf.backend.grpc.ReflectionClient;
import dev.sheaf.backend.grpc.ReflectionFailures;
import dev.sheaf.binding.BindingLoader;
import dev.sheaf.binding.Bindings;
import dev.sheaf.cache.AnswerCache;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.graphql.GraphQLExecutor;
import dev.sheaf.insight.RecentRequests;
import dev.sheaf.graphql.OperationCost;
import dev.sheaf.persisted.PersistedQueryStore;
import dev.sheaf.persisted.TrustedDocuments;
import dev.sheaf.persisted.TrustedDocumentsLoader;
import dev.sheaf.graphql.SchemaFiles;
import dev.sheaf.observability.GatewayMetrics;
import dev.sheaf.ratelimit.RateLimits;
import dev.sheaf.redis.SharedRedis;
import dev.sheaf.observability.GatewayTracing;
import dev.sheaf.pipeline.CallMetrics;
import dev.sheaf.resolver.Backends;
import dev.sheaf.resolver.EntityLoaders;
import dev.sheaf.resolver.JavaResolvers;
import dev.sheaf.resolver.ResolverRegistry;
import dev.sheaf.resolver.Upstreams;
import dev.sheaf.rest.EndpointLoader;
import dev.sheaf.rest.Endpoints;
import dev.sheaf.server.EventLoopServer;
import dev.sheaf.server.GatewayLoad;
import dev.sheaf.server.GatewayRouter;
import dev.sheaf.warmup.Warmup;
import dev.sheaf.warmup.WarmupReport;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: schema and bindings loaded and validated, backends' clients created, HTTP
 * server listening. Start-up fails (with a {@link ConfigException}) before anything listens when
 * the configuration is wrong.
 *
 * <p>The configuration is one immutable {@link Snapshot}. A reload builds a new one off the event
 * loops exactly as the start does and swaps it in only when it is valid: a request takes the
 * snapshot once when it arrives and keeps it to its end; a refused configuration leaves the running
 * one in place.
 */
public final class Sheaf {

  private static final Logger LOG = LoggerFactory.getLogger(Sheaf.class);

  private final Vertx vertx;
  private final Live live;
  private final List<EventLoopServer> servers;
  private final String deployment;
  private final HttpServer admin;
  private final ConfigWatcher watcher;
  private final Warmup warmup; // null: none
  private final Promise<WarmupReport> readiness = Promise.promise();
  private volatile boolean closing;

  private Sheaf(Vertx vertx, Live live, List<EventLoopServer> servers, String deployment, HttpServer admin,
                Warmup warmup) {
    this.vertx = vertx;
    this.live = live;
    this.servers = servers;
    this.deployment = deployment;
    this.admin = admin;
    this.warmup = warmup;
    this.watcher = ConfigWatcher.start(vertx, live.current::get, this::reload);
  }

  /** Loads everything and listens; the future fails with a ConfigException on bad configuration. */
  public static Future<Sheaf> start(Vertx vertx, GatewayConfig config) {
    return start(vertx, config, () -> config, ReflectionFailures.FAIL_START);
  }

  /**
   * As {@link #start(Vertx, GatewayConfig)}; {@code reflection} says whether a backend whose server
   * reflection cannot be read stops the start.
   */
  public static Future<Sheaf> start(Vertx vertx, GatewayConfig config, ReflectionFailures reflection) {
    return start(vertx, config, () -> config, reflection);
  }

  /**
   * Like {@link #start(Vertx, GatewayConfig)}; a reload takes its settings from {@code reread} (the
   * config file, environment and flags read again), its schema and bindings from their folders.
   */
  public static Future<Sheaf> start(Vertx vertx, GatewayConfig config, Supplier<GatewayConfig> reread,
                                    ReflectionFailures reflection) {
    Live live = new Live(vertx, reread, config.auth() == null ? null : TokenValidator.create(vertx, config.auth()),
        reflection, config);
    return live.build(config, null, config.warmup().enabled())
        .compose(built -> listen(vertx, live, built.snapshot(), built.warmup()))
        .onFailure(e -> live.closeShared());
  }

  /** What start-up reads from disk and the classpath. */
  private record Files(TypeDefinitionRegistry types, JavaResolvers javaResolvers,
                       BindingLoader.Sources sources, List<FileDescriptorProto> protos) {
  }

  private record Prepared(GraphQLExecutor executor, Upstreams upstreams, Endpoints endpoints, Bindings bindings) {
  }

  /** A built configuration, and the warm-up to run before it serves (null for none). */
  private record Built(Snapshot snapshot, Warmup warmup) {
  }

  private static Files read(GatewayConfig config) {
    TypeDefinitionRegistry types = SchemaFiles.load(config.schemaDir());
    BindingLoader.Sources sources = new BindingLoader(config.vars(), System.getenv(), config.backendTls()).read(config.resolversDir());
    return new Files(types, JavaResolvers.discover(Sheaf.class.getClassLoader(), config.resolversDir()), sources,
        ProtoFolder.read(config.schemaDir().resolve("protos")));
  }

  /** Asks each reflection backend for the descriptors of the services its bindings name. */
  private static Future<Map<String, ProtoRegistry>> reflectedDescriptors(Backends backends, BindingLoader.Sources sources,
                                                                       ReflectionFailures reflection) {
    Map<String, Future<ProtoRegistry>> asks = new LinkedHashMap<>();
    sources.servicesByReflectionBackend().forEach((backend, services) -> asks.put(backend,
        reflection.registry(backend, new ReflectionClient(backends.grpc(backend)).filesFor(services))));
    return Future.all(List.copyOf(asks.values()))
        .map(all -> {
          Map<String, ProtoRegistry> registries = new LinkedHashMap<>();
          asks.forEach((backend, ask) -> registries.put(backend, ask.result()));
          return registries;
        })
        .recover(e -> Future.failedFuture(e instanceof ConfigException ? e : new ConfigException(e.getMessage())));
  }

  private static Prepared compile(Vertx vertx, GatewayConfig config, Files files, Backends backends,
                                  Map<String, ProtoRegistry> reflected, OpenTelemetry tracing) {
    ProtoSources protos = new ProtoSources(ProtoRegistry.of(files.protos(), "schema/protos"), reflected);
    GraphQLSchema shape = GraphQLExecutor.shapeOf(files.types());
    Bindings bindings = new BindingLoader(config.vars(), System.getenv(), config.backendTls())
        .compile(files.sources(), shape, files.javaResolvers().origins(), protos);
    OperationCost cost = new OperationCost(shape, ResolverRegistry.costsByField(bindings)::get,
        config.policies().cost());
    GraphQLExecutor executor = new GraphQLExecutor(shape,
        registry -> ResolverRegistry.addFetchers(registry, bindings, files.javaResolvers().byField()),
        config.documentCacheSize(),
        config.limits(), config.introspection(), ResolverRegistry.backendsByField(bindings)::get, tracing,
        cost);
    Endpoints endpoints = new EndpointLoader(config.schemaDir().resolve("operations"), config.limits())
        .load(files.sources(), executor.schema());
    endpoints.requireWithin(cost);
    ObjectMapper json = new ObjectMapper();
    return new Prepared(executor, new Upstreams(backends, new EntityLoaders(bindings.entities()), json, new ProtoJson(json)),
        endpoints, bindings);
  }

  private static Future<Sheaf> listen(Vertx vertx, Live live, Snapshot first, Warmup warmup) {
    GatewayConfig config = first.config();
    live.current.set(first);
    if (config.insight().metrics()) {
      first.upstreams().backends().reportCertificates(live.metrics);
    }
    // Keys are fetched in the background and never awaited here: an identity provider that is down
    // or hangs must not delay listening. Readiness says 503 until the keys are known instead.
    if (live.tokens != null) {
      live.tokens.start();
    }
    HttpServerOptions options = EventLoopServer.gatewayOptions();
    int port = EventLoopServer.sharedPort(vertx, config.port());
    List<EventLoopServer> servers = new CopyOnWriteArrayList<>();
    AtomicInteger nextIndex = new AtomicInteger();
    Supplier<EventLoopServer> instance = () -> {
      int index = nextIndex.getAndIncrement();
      // The snapshot of the moment the request arrives, and its router of this server's loop.
      Handler<HttpServerRequest> handler = request -> live.current.get().router(index).handle(request);
      EventLoopServer server = new EventLoopServer(options, config.host(), port, handler, config.shutdownGrace(),
          config.clientTimeouts());
      servers.add(server);
      return server;
    };
    // One instance per event loop; a failed deployment undeploys the instances that did start.
    return vertx.deployVerticle(instance, new DeploymentOptions().setInstances(config.eventLoops()))
        .compose(deployment -> {
          // Servers were made in index order: server i serves with router i, whose shedder reads loop i's delay.
          for (int i = 0; i < servers.size(); i++) {
            int loop = i;
            servers.get(i).runOnLoop(() -> live.load.watchLoop(vertx, loop));
          }
          Promise<Sheaf> started = Promise.promise();
          HttpServer adminServer = vertx.createHttpServer();
          adminServer.requestHandler(AdminRoutes.create(vertx, live::status, trigger -> live.reload(trigger),
                  live.metrics, live.recent))
              .listen(config.adminPort(), config.host())
              .onSuccess(listening -> {
                Sheaf sheaf = new Sheaf(vertx, live, List.copyOf(servers), deployment, adminServer, warmup);
                started.complete(sheaf);
                sheaf.warmUpThenReady();
              })
              .onFailure(e -> vertx.undeploy(deployment).onComplete(v -> started.fail(new ConfigException(
                  "admin.port " + config.adminPort() + ": cannot listen (" + e.getMessage() + "); choose a free port "
                  + "with --admin-port or admin.port in the config file"))));
          return started.future();
        })
        .onFailure(e -> first.upstreams().close());
  }

  /**
   * Readiness turns on once the warm-up (if any) is over; requests that arrive meanwhile are served
   * as usual, only {@code /ready} still answers 503, so a load balancer sends none yet.
   */
  private void warmUpThenReady() {
    Future<WarmupReport> warm = warmup == null ? Future.succeededFuture(WarmupReport.NONE) : warmup.run();
    warm.onComplete(ar -> {
      if (!closing) {
        live.ready.set(true);
      }
      readiness.tryComplete(ar.succeeded() ? ar.result() : WarmupReport.NONE);
    });
  }

  /**
   * Succeeds when readiness turns on: at once without a warm-up, else when the warm-up is over; with
   * what the warm-up did ({@link WarmupReport#NONE} for none).
   */
  public Future<WarmupReport> ready() {
    return readiness.future();
  }

  /** Reloads the configuration: swapped in when valid and different, refused (the running one stays) otherwise. */
  public Future<ReloadAttempt> reload(String trigger) {
    return live.reload(trigger);
  }

  /** The active configuration's version and the last reload attempt. */
  public ConfigStatus configStatus() {
    return live.status();
  }

  public int port() {
    return servers.get(0).actualPort();
  }

  /** The port of the operational routes. */
  public int adminPort() {
    return admin.actualPort();
  }

  /**
   * Client connections accepted so far by each event loop's server, by the loop's thread name: how
   * the load spreads over the cores.
   */
  public Map<String, Integer> connectionsByEventLoop() {
    Map<String, Integer> byLoop = new LinkedHashMap<>();
    servers.forEach(s -> byLoop.merge(s.eventLoop(), s.connections(), Integer::sum));
    return byLoop;
  }

  /** Client connections open now, over all event loops. */
  public int openConnections() {
    return servers.stream().mapToInt(EventLoopServer::openConnections).sum();
  }

  /**
   * Stops taking traffic (readiness goes down first), lets the requests in flight finish (up to
   * {@code shutdownGrace}), then closes the servers and the backends' clients.
   */
  public Future<Void> close() {
    closing = true;
    live.ready.set(false);
    if (warmup != null) {
      warmup.stop();
    }
    watcher.close();
    return admin.close().transform(v -> vertx.undeploy(deployment)).onComplete(ar -> {
      live.current.get().upstreams().close();
      live.closeShared();
    });
  }

  /**
   * The configuration being served and how a new one is built: by the start and by every reload
   * alike. Reloads run one at a time; a trigger during a reload runs once it ends.
   */
  public static final class Live {

    private final Vertx vertx;
    private final Supplier<GatewayConfig> reread;
    private final TokenValidator tokens;
    private final ReflectionFailures reflection;
    // One per gateway, not per snapshot: queries clients registered survive reloads.
    private final PersistedQueryStore persistedQueries;
    // One per gateway too: the admin port shows the requests before a reload as well.
    private final RecentRequests recent;
    // One registry for the gateway's life: every snapshot's backends and routers record into it.
    private final GatewayMetrics metrics;
    // The Redis replicas share, or null; like the stores below, one per gateway (restart-only settings).
    private final SharedRedis redis;
    // Buckets survive reloads too; a reload may change the limits they are measured against.
    private final RateLimits rateLimits;
    // One for the gateway's life too (tracing is a restart-only setting); null when tracing is off.
    private final GatewayTracing tracing;
    // One per gateway, not per snapshot: a reload neither forgets the requests in flight nor doubles the limit.
    private final GatewayLoad load;
    // One per gateway too: answers outlive reloads. Null when cache.enabled is false.
    private final AnswerCache answers;
    private final AtomicBoolean ready = new AtomicBoolean(false);
    private final BooleanSupplier isReady;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private volatile ReloadAttempt lastAttempt;
    private Future<ReloadAttempt> running;   // guarded by this
    private String pendingTrigger;           // guarded by this

    private Live(Vertx vertx, Supplier<GatewayConfig> reread, TokenValidator tokens, ReflectionFailures reflection,
                 GatewayConfig config) {
      this.vertx = vertx;
      this.reread = reread;
      this.tokens = tokens;
      this.reflection = reflection;
      this.recent = new RecentRequests(config.insight().recentRequests());
      this.metrics = new GatewayMetrics(config.insight().maxOperationNames());
      this.load = new GatewayLoad(config.eventLoops(), metrics.shed("in_flight"), metrics.shed("event_loop_delay"),
          metrics.shed("adaptive"));
      metrics.watchInFlight(load::inFlight, load::adaptiveLimit);
      int maxQueries = config.persistedQueries().maxEntries();
      if (config.policies().redis().configured()) {
        this.redis = new SharedRedis(vertx, config.policies().redis(), metrics.registry());
        this.persistedQueries = PersistedQueryStore.shared(redis, maxQueries);
        this.rateLimits = RateLimits.shared(redis, metrics.registry());
      } else {
        this.redis = null;
        this.persistedQueries = PersistedQueryStore.inMemory(maxQueries);
        this.rateLimits = RateLimits.inMemory(metrics.registry());
      }
      this.tracing = GatewayTracing.start(config.observability().tracing(), metrics.registry());
      this.answers = config.cache().enabled() ? new AnswerCache(config.cache(), metrics.registry(), redis) : null;
      this.isReady = () -> ready.get() && (tokens == null || tokens.ready());
    }

    private OpenTelemetry tracingApi() {
      return tracing == null ? null : tracing.api();
    }

    /** Stops what lives as long as the gateway: metrics, and the traces' exporter (which sends what is queued). */
    private void closeTelemetry() {
      metrics.close();
      if (tracing != null) {
        tracing.close();
      }
    }

    ConfigStatus status() {
      Snapshot active = current.get();
      return new ConfigStatus(active.version(), active.loadedAt(), lastAttempt);
    }

    /**
     * Builds a snapshot off the event loops: files read, descriptors asked for, everything compiled
     * and validated. Backends declared as in {@code previous} keep their clients.
     */
    private Future<Snapshot> build(GatewayConfig config, Snapshot previous) {
      return build(config, previous, false).map(Built::snapshot);
    }

    /** @param warm whether to prepare the warm-up of this configuration too (a start's, not a reload's) */
    private Future<Built> build(GatewayConfig config, Snapshot previous, boolean warm) {
      Backends reused = previous == null ? null : previous.upstreams().backends();
      // Stamped before reading: a file changed while being read makes the watch look again.
      return vertx.executeBlocking(() -> ConfigFiles.stamp(config), false)
          .compose(stamp -> vertx.executeBlocking(() -> read(config), false)
              .compose(files -> {
                Backends backends = new Backends(vertx, files.sources().backends(), reused,
                    config.insight().metrics() ? metrics : CallMetrics.OFF, tracingApi(), answers);
                return reflectedDescriptors(backends, files.sources(), reflection)
                    .compose(reflected -> vertx.executeBlocking(
                        () -> snapshot(config, stamp, files, backends, reflected, warm), false))
                    .onFailure(e -> closeNew(backends, reused));
              }));
    }

    private Built snapshot(GatewayConfig config, String stamp, Files files, Backends backends,
                           Map<String, ProtoRegistry> reflected, boolean warm) {
      Prepared prepared = compile(vertx, config, files, backends, reflected, tracingApi());
      TrustedDocuments trusted = new TrustedDocumentsLoader(prepared.executor().schema(), config.limits())
          .load(config.schemaDir().resolve(TrustedDocumentsLoader.FOLDER));
      List<Router> routers = new ArrayList<>();
      for (int i = 0; i < config.eventLoops(); i++) {
        routers.add(GatewayRouter.create(vertx, config, prepared.executor(), prepared.upstreams(), prepared.endpoints(),
            tokens, isReady, persistedQueries, trusted, rateLimits,
            config.insight().metrics() ? metrics.clientRequests() : null, tracingApi(), recent,
            load.shedder(config.shedding(), i)));
      }
      String version = ConfigFiles.version(config, digest -> files.sources().backends().values()
          .forEach(backend -> backend.connection().digestInto(digest)));
      Warmup warmup = warm ? Warmup.prepare(vertx, config, prepared.executor(), prepared.upstreams(),
          prepared.endpoints(), trusted, prepared.bindings()) : null;
      return new Built(new Snapshot(version, stamp, Instant.now(), config, prepared.upstreams(), routers), warmup);
    }

    private static void closeNew(Backends backends, Backends reused) {
      if (reused == null) {
        backends.close();
      } else {
        backends.closeUnusedBy(reused);
      }
    }

    Future<ReloadAttempt> reload(String trigger) {
      Promise<ReloadAttempt> done;
      synchronized (this) {
        if (running != null) {
          pendingTrigger = trigger; // the files may have changed after this reload read them: once more after it
          return running;
        }
        done = Promise.promise();
        running = done.future();
      }
      attempt(trigger).onComplete(ar -> {
        String again;
        synchronized (this) {
          running = null;
          again = pendingTrigger;
          pendingTrigger = null;
        }
        done.handle(ar);
        if (again != null) {
          reload(again);
        }
      });
      return done.future();
    }

    private Future<ReloadAttempt> attempt(String trigger) {
      Snapshot active = current.get();
      return vertx.executeBlocking(reread::get, false)
          .<ReloadAttempt>compose(next -> {
            List<String> needsRestart = RestartOnlySettings.changed(active.config(), next);
            return build(RestartOnlySettings.keep(active.config(), next), active)
                .map(snapshot -> swap(trigger, active, snapshot, needsRestart));
          })
          .recover(e -> Future.succeededFuture(refused(trigger, e)))
          .onSuccess(attempt -> {
            lastAttempt = attempt;
            metrics.reload(attempt.outcome().name().toLowerCase(java.util.Locale.ROOT));
          });
    }

    private ReloadAttempt swap(String trigger, Snapshot active, Snapshot next, List<String> needsRestart) {
      if (next.version().equals(active.version())) {
        // Same files and settings: every backend was reused, nothing to swap or close.
        return new ReloadAttempt(Instant.now(), trigger, ReloadAttempt.Outcome.UNCHANGED, next.version(), List.of(),
            needsRestart);
      }
      current.set(next);
      if (next.config().insight().metrics()) {
        next.upstreams().backends().reportCertificates(metrics);
      }
      // Requests that started on the old snapshot may still be calling its backends: close the
      // clients it no longer shares once they have had the time a stopping gateway gives them.
      vertx.setTimer(Math.max(1, active.config().shutdownGrace().toMillis()),
          id -> active.upstreams().backends().closeUnusedBy(next.upstreams().backends()));
      LOG.info("configuration {} applied ({}), replacing {}{}", next.version(), trigger, active.version(),
          needsRestart.isEmpty() ? "" : "; needs a restart to change: " + String.join(", ", needsRestart));
      return new ReloadAttempt(Instant.now(), trigger, ReloadAttempt.Outcome.APPLIED, next.version(), List.of(),
          needsRestart);
    }

    private static ReloadAttempt refused(String trigger, Throwable e) {
      Throwable cause = e instanceof ConfigException ? e : e.getCause() instanceof ConfigException c ? c : e;
      String message = cause instanceof ConfigException ? cause.getMessage() : cause.toString();
      List<String> problems = message.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
      LOG.warn("configuration refused ({}); the running one stays:\n{}", trigger, message);
      return new ReloadAttempt(Instant.now(), trigger, ReloadAttempt.Outcome.REFUSED, null, problems, List.of());
    }

    /** Closes what the gateway's snapshots share: token checks, Redis, metrics and traces. */
    private void closeShared() {
      if (tokens != null) {
        tokens.close();
      }
      if (redis != null) {
        redis.close();
      }
      closeTelemetry();
    }
  }
}
