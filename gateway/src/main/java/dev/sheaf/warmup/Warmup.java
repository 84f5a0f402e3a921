package dev.sheaf.warmup;

import com.google.protobuf.Descriptors.MethodDescriptor;
import dev.sheaf.binding.BackendConfig;
import dev.sheaf.binding.Bindings;
import dev.sheaf.binding.FieldBinding;
import dev.sheaf.binding.RpcCall;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.RateLimitConfig;
import dev.sheaf.config.TrustedDocumentsMode;
import dev.sheaf.graphql.GraphQLExecutor;
import dev.sheaf.insight.RecentRequests;
import dev.sheaf.observability.GatewayMetrics;
import dev.sheaf.persisted.PersistedQueryStore;
import dev.sheaf.persisted.TrustedDocuments;
import dev.sheaf.pipeline.CallMetrics;
import dev.sheaf.ratelimit.RateLimits;
import dev.sheaf.resolver.Backends;
import dev.sheaf.resolver.Upstreams;
import dev.sheaf.rest.Endpoints;
import dev.sheaf.server.EventLoopServer;
import dev.sheaf.server.GatewayLoad;
import dev.sheaf.server.GatewayRouter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm-up a start runs before readiness turns on: the configuration's own operations
 * ({@link WarmupOperations}) sent over loopback HTTP to a server of its own on the gateway's event
 * loops, through the same routes, handlers, GraphQL executor (parse, validate, execute) and call
 * pipelines as clients' requests, until the JIT compiler has compiled that path or the time is up.
 *
 * <p>Nothing users see changes. Its backends ({@link Backends#rehearsal}) are loopback servers of its own
 * answering made-up values ({@link RehearsalBackend} for REST, {@link RehearsalGrpcServer} for gRPC), so
 * the real clients and codecs run, and never a backend; their breakers, bulkheads and retry budgets are
 * their own; its metrics go to a registry of its own, its access lines through the log's encoder into a
 * stream that drops them ({@link DroppedAccessLog}); there are no traces or answer cache on its way; its
 * persisted queries, recent requests, rate-limit buckets, load count and trusted documents' tally are
 * throwaway copies; callers are anonymous (no token is checked). Only what is meant to be shared is: the
 * parsed documents of the document cache, and the compiled code.
 */
public final class Warmup {

  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

  /**
   * Requests in flight per event loop: enough to keep a loop busy while answers come back, and about as
   * many as a loop has in flight at a few hundred requests a second with backends answering in 10-20 ms,
   * so connection pools and queues run as they will then.
   */
  private static final int LANES_PER_LOOP = 8;
  /** How long the loopback servers may take to listen: on a loaded machine, more than a moment. */
  private static final long LISTEN_SECONDS = 10;
  /**
   * One request in this many asks for its connection to be closed after it, and so does one REST call in
   * this many: users' clients and real backends make the gateway accept and open connections all the time,
   * and without this the code that does so (Netty's channel set-up, Vert.x's connection objects) would
   * first be compiled in users' first seconds. Measured on one core at 500 req/s from ready: the first
   * second's p99 fell from about 600 ms to 150-250 ms, and the compiler's work in the first 5 s from
   * 2.3-2.8 s to about 2.0 s (perf/RESULTS-warmup.md).
   */
  public static final int NEW_CONNECTION_EVERY = 16;
  /** How often the JIT compiler is asked how busy it was. */
  private static final long JIT_PROBE_MILLIS = 500;
  /** Compiling less than this share of a probe's interval counts as quiet. */
  private static final double QUIET_SHARE = 0.05;
  /**
   * Quiet probes in a row that end the warm-up: one quiet half-second is often a pause between the first
   * (C1) compilations and the optimizing (C2) ones that follow once their profiles are long enough.
   */
  private static final int QUIET_PROBES = 2;
  /** Never quiet before this: the first requests only start the compiler's queue. */
  private static final long MIN_MILLIS = 2000;
  /** Nor before every operation ran this often: a slow first round (connections, class loading) is not quiet. */
  private static final int MIN_ROUNDS = 5;

  private final Vertx vertx;
  private final GatewayConfig config;
  private final List<Router> routers;
  private final WarmupOperations operations;
  private final int answeredRoutes;
  private final RehearsalBackend loopback;
  private final RehearsalGrpcServer grpcLoopback;
  private final DroppedAccessLog accessLog;
  private final GatewayMetrics unseenMetrics; // null when the gateway has no metrics
  private volatile boolean stopping;
  private volatile String stoppedBecause;

  private Warmup(Vertx vertx, GatewayConfig config, List<Router> routers, WarmupOperations operations,
                 int answeredRoutes, RehearsalBackend loopback, RehearsalGrpcServer grpcLoopback,
                 DroppedAccessLog accessLog, GatewayMetrics unseenMetrics) {
    this.loopback = loopback;
    this.grpcLoopback = grpcLoopback;
    this.accessLog = accessLog;
    this.unseenMetrics = unseenMetrics;
    this.vertx = vertx;
    this.config = config;
    this.routers = routers;
    this.operations = operations;
    this.answeredRoutes = answeredRoutes;
  }

  /**
   * Prepares the warm-up of a configuration, off the event loops: its operations, its made-up answers
   * and its routers.
   *
   * @param upstreams the configuration's own, whose codecs and entity loaders the warm-up shares
   */
  public static Warmup prepare(Vertx vertx, GatewayConfig config, GraphQLExecutor executor, Upstreams upstreams,
                               Endpoints endpoints, TrustedDocuments trusted, Bindings bindings) {
    RehearsalAnswers answers = new RehearsalAnswers(executor.schema(), bindings, upstreams.json());
    RehearsalBackend loopback = new RehearsalBackend(vertx, answers, NEW_CONNECTION_EVERY);
    RehearsalGrpcServer grpcLoopback = new RehearsalGrpcServer(vertx, rpcMethods(bindings));
    // Listening before the backends are made, so their transports are the classes users' calls go through.
    awaitListening(loopback.start(), grpcLoopback.start());
    // Metrics into a registry of its own: the layers' code is compiled, users' series never see the warm-up.
    GatewayMetrics unseenMetrics = config.insight().metrics() ? GatewayMetrics.requestsAndCallsOnly() : null;
    // A cold JVM's first calls, even over loopback, can outlast a backend's timeout; failed, they would open
    // the warm-up's circuit and leave that transport cold. So its calls may take as long as a request may.
    Map<String, BackendConfig> patient = new LinkedHashMap<>();
    bindings.backends().forEach((name, backend) -> patient.put(name,
        backend.timeout().compareTo(config.defaultDeadline()) >= 0 ? backend
            : backend.withTimeout(config.defaultDeadline())));
    Backends backends = Backends.rehearsal(vertx, patient, backend -> {
      RehearsalTransport inProcess = new RehearsalTransport(answers, upstreams.json(), backend.name());
      return backend.isGrpc() ? grpcLoopback.transport(backend, upstreams.protoJson(), inProcess)
          : loopback.transport(backend, upstreams.json(), inProcess);
    }, unseenMetrics == null ? CallMetrics.OFF : unseenMetrics);
    Upstreams rehearsal = new Upstreams(backends, upstreams.entityLoaders(), upstreams.json(), upstreams.protoJson());
    // Only trusted documents may run: generated queries would be refused. In "log" mode they would be
    // logged as untrusted, so the warm-up does not check them at all.
    boolean enforced = config.trustedDocuments() == TrustedDocumentsMode.ENFORCE;
    GatewayConfig own = config
        .withTrustedDocuments(enforced ? TrustedDocumentsMode.ENFORCE : TrustedDocumentsMode.OFF)
        .withInsight(config.insight().withMetrics(false).withDebugEnabled(false))
        // Its own requests all come from one address: a limit would refuse most of them.
        .withPolicies(config.policies().withRateLimit(RateLimitConfig.defaults()));
    TrustedDocuments copy = new TrustedDocuments(trusted.textById());
    // Access lines, when the gateway writes them, through the log's encoder into a stream that drops them.
    DroppedAccessLog accessLog = DroppedAccessLog.create();
    GatewayLoad load = new GatewayLoad(config.eventLoops(), () -> { }, () -> { }, () -> { });
    SimpleMeterRegistry unseen = new SimpleMeterRegistry();
    List<Router> routers = new ArrayList<>();
    for (int i = 0; i < config.eventLoops(); i++) {
      routers.add(GatewayRouter.create(vertx, own, executor, rehearsal, endpoints, null, () -> true,
          PersistedQueryStore.inMemory(100), copy, RateLimits.inMemory(unseen),
          unseenMetrics == null ? null : unseenMetrics.clientRequests(), null, new RecentRequests(1),
          load.shedder(own.shedding(), i), accessLog.logger()));
    }
    WarmupOperations operations = WarmupOperations.of(executor.schema(), endpoints, trusted, !enforced);
    return new Warmup(vertx, config, routers, operations, answers.routes(), loopback, grpcLoopback, accessLog,
        unseenMetrics);
  }

  /** The gRPC methods the bindings call, fields' and entities'. */
  private static List<MethodDescriptor> rpcMethods(Bindings bindings) {
    List<MethodDescriptor> methods = new ArrayList<>();
    bindings.fields().values().forEach(binding -> {
      if (binding instanceof FieldBinding.Call call && call.call() instanceof RpcCall rpc) {
        methods.add(rpc.method());
      }
    });
    bindings.entities().values().forEach(entity -> {
      if (entity.call() instanceof RpcCall rpc) {
        methods.add(rpc.method());
      }
    });
    return methods;
  }

  /**
   * Waits (off the event loops, as {@link #prepare} runs) for the loopback servers to listen. One that
   * cannot leaves its backends' calls answered in the process.
   */
  private static void awaitListening(Future<Void> rest, Future<Void> grpc) {
    try {
      Future.join(rest, grpc).toCompletionStage().toCompletableFuture().get(LISTEN_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("warm-up: a loopback server could not listen ({}); its backends' calls are answered in the process",
          e.toString());
    }
  }

  /** Ends a warm-up in progress soon: each request in flight is its last. */
  public void stop() {
    stoppedBecause = "stopped";
    stopping = true;
  }

  /** Runs the warm-up; the future succeeds when it is over, whatever happened during it. */
  public Future<WarmupReport> run() {
    List<WarmupRequest> requests = operations.all();
    Duration limit = config.warmup().duration();
    if (requests.isEmpty()) {
      LOG.info("warm-up: the configuration has no operations to run");
      return Future.succeededFuture(WarmupReport.NONE);
    }
    LOG.info("warm-up: {} operations ({} REST endpoints, {} trusted documents, {} generated queries over the root "
            + "fields), {} backend routes answered over loopback, for up to {} ms",
        requests.size(), operations.endpoints().size(), operations.trusted().size(), operations.generated().size(),
        answeredRoutes, limit.toMillis());
    int port = EventLoopServer.sharedPort(vertx, 0);
    List<EventLoopServer> servers = new CopyOnWriteArrayList<>();
    AtomicInteger nextIndex = new AtomicInteger();
    return vertx.deployVerticle(() -> {
      Router router = routers.get(Math.min(nextIndex.getAndIncrement(), routers.size() - 1));
      EventLoopServer server = new EventLoopServer(EventLoopServer.gatewayOptions(), "127.0.0.1", port,
          router::handle, Duration.ZERO, config.clientTimeouts());
      servers.add(server);
      return server;
    }, new DeploymentOptions().setInstances(config.eventLoops()))
        .compose(deployment -> drive(servers.get(0).actualPort(), requests, limit)
            .eventually(() -> vertx.undeploy(deployment)))
        .eventually(() -> Future.all(loopback.close(), grpcLoopback.close()))
        .andThen(done -> {
          if (unseenMetrics != null) {
            unseenMetrics.close();
          }
        })
        .recover(e -> {
          LOG.warn("warm-up: could not run ({}); the gateway starts without it", e.toString());
          return Future.succeededFuture(WarmupReport.NONE);
        });
  }

  /** Sends the requests round-robin from a few lanes until the time is up or the JIT compiler is quiet. */
  private Future<WarmupReport> drive(int port, List<WarmupRequest> requests, Duration limit) {
    CompilerWork jit = new CompilerWork();
    // The compiler's work is read from files: on a worker, in order, never on an event loop.
    return vertx.executeBlocking(jit::workedNanos, true)
        .compose(jitBefore -> drive(port, requests, limit, jit, jitBefore));
  }

  private Future<WarmupReport> drive(int port, List<WarmupRequest> requests, Duration limit, CompilerWork jit,
                                     long jitBefore) {
    long started = System.nanoTime();
    int lanes = LANES_PER_LOOP * config.eventLoops();
    Tally tally = new Tally();
    HttpClient client = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true))
        .with(new PoolOptions().setHttp1MaxSize(lanes))
        .withConnectHandler(connection -> tally.connections.incrementAndGet())
        .build();
    boolean jitTimed = jit.available();
    Promise<Void> done = Promise.promise();
    AtomicInteger running = new AtomicInteger(lanes);
    long[] lastJit = {jitBefore};
    int[] quietProbes = {0};
    long probe = vertx.setPeriodic(JIT_PROBE_MILLIS, id -> vertx.executeBlocking(jit::workedNanos, true)
        .onSuccess(now -> {
          long compiledMillis = (now - lastJit[0]) / 1_000_000;
          lastJit[0] = now;
          boolean counts = (System.nanoTime() - started) / 1_000_000 >= MIN_MILLIS
              && tally.requests.get() >= (long) MIN_ROUNDS * requests.size();
          boolean quiet = jitTimed && counts && compiledMillis < QUIET_SHARE * JIT_PROBE_MILLIS;
          quietProbes[0] = quiet ? quietProbes[0] + 1 : 0;
          if (quietProbes[0] >= QUIET_PROBES) {
            finish("the JIT compiler went quiet");
          }
        }));
    long timeUp = vertx.setTimer(Math.max(1, limit.toMillis()), id -> finish("its time was up"));
    // A lane whose request never ends (it cannot: every answer is made in the process) must not hold readiness.
    long backstop = vertx.setTimer(Math.max(1, limit.toMillis()) + config.defaultDeadline().toMillis() + 1000,
        id -> done.tryComplete());
    for (int lane = 0; lane < lanes; lane++) {
      next(client, port, requests, tally, running, done);
    }
    return done.future().compose(v -> {
      vertx.cancelTimer(probe);
      vertx.cancelTimer(timeUp);
      vertx.cancelTimer(backstop);
      client.close();
      return vertx.executeBlocking(jit::workedNanos, true);
    }).map(jitAfter -> {
      long millis = (System.nanoTime() - started) / 1_000_000;
      long sent = tally.requests.get();
      LOG.info("warm-up done in {} ms ({}): {} requests on {} connections, {} rounds of the {} operations, {} not "
              + "answered 2xx, {} REST calls on {} connections and {} gRPC calls over loopback, {} access lines "
              + "encoded and dropped; the JIT compiler worked {} ms meanwhile", millis, stoppedBecause, sent,
          tally.connections.get(), sent / requests.size(), requests.size(), tally.failed.get(), loopback.answered(),
          loopback.connections(), grpcLoopback.answered(), accessLog.lines(),
          jitTimed ? (jitAfter - jitBefore) / 1_000_000 : -1);
      return new WarmupReport(requests.size(), sent, tally.connections.get(), tally.failed.get(), millis,
          stoppedBecause, loopback.answered(), loopback.connections(), grpcLoopback.answered(), accessLog.lines());
    });
  }

  private void finish(String why) {
    if (!stopping) {
      stoppedBecause = why;
      stopping = true;
    }
  }

  /** One lane: sends the next request of the round, then the one after when it is answered. */
  private void next(HttpClient client, int port, List<WarmupRequest> requests, Tally tally, AtomicInteger running,
                    Promise<Void> done) {
    if (stopping) {
      if (running.decrementAndGet() == 0) {
        done.tryComplete();
      }
      return;
    }
    long n = tally.requests.getAndIncrement();
    WarmupRequest request = requests.get((int) (n % requests.size()));
    RequestOptions options = new RequestOptions().setMethod(request.method()).setHost("127.0.0.1").setPort(port)
        .setURI(request.uri()).putHeader("content-type", "application/json")
        .putHeader("accept", "application/graphql-response+json, application/json");
    if (n % NEW_CONNECTION_EVERY == NEW_CONNECTION_EVERY - 1) {
      options.putHeader("connection", "close");
    }
    client.request(options)
        .compose(sending -> request.body() == null ? sending.send() : sending.send(request.body().copy()))  // a sent buffer is not sent again
        .compose(response -> response.body().map(body -> response.statusCode()))
        .onComplete(ar -> {
          if (ar.failed() || ar.result() / 100 != 2) {
            tally.failed.incrementAndGet();
          }
          next(client, port, requests, tally, running, done);
        });
  }

  /** Counts across the lanes, which may answer on different event loops. */
  private static final class Tally {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong connections = new AtomicLong();
  }
}
