package dev.sheaf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import dev.sheaf.auth.TokenValidator;
import dev.sheaf.backend.grpc.ProtoFolder;
import dev.sheaf.backend.grpc.ProtoJson;
import dev.sheaf.backend.grpc.ProtoRegistry;
import dev.sheaf.backend.grpc.ProtoSources;
import dev.sheaf.backend.grpc.ReflectionClient;
import dev.sheaf.binding.BindingLoader;
import dev.sheaf.binding.Bindings;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.graphql.GraphQLExecutor;
import dev.sheaf.graphql.SchemaFiles;
import dev.sheaf.resolver.Backends;
import dev.sheaf.resolver.EntityLoaders;
import dev.sheaf.resolver.JavaResolvers;
import dev.sheaf.resolver.ResolverRegistry;
import dev.sheaf.resolver.Upstreams;
import dev.sheaf.rest.EndpointLoader;
import dev.sheaf.rest.Endpoints;
import dev.sheaf.server.EventLoopServer;
import dev.sheaf.server.GatewayRouter;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A running gateway: schema and bindings loaded and validated, backends' clients created, HTTP
 * server listening. Start-up fails (with a {@link ConfigException}) before anything listens when
 * the configuration is wrong.
 */
public final class Sheaf {

  private final Vertx vertx;
  private final List<EventLoopServer> servers;
  private final String deployment;
  private final Upstreams upstreams;
  private final TokenValidator tokens;
  private final AtomicBoolean ready;

  private Sheaf(Vertx vertx, List<EventLoopServer> servers, String deployment, Upstreams upstreams,
                TokenValidator tokens, AtomicBoolean ready) {
    this.vertx = vertx;
    this.servers = servers;
    this.deployment = deployment;
    this.upstreams = upstreams;
    this.tokens = tokens;
    this.ready = ready;
  }

  /** Loads everything and listens; the future fails with a ConfigException on bad configuration. */
  public static Future<Sheaf> start(Vertx vertx, GatewayConfig config) {
    // Reading files blocks: it runs on a worker, never on an event loop.
    return vertx.executeBlocking(() -> read(config), false)
        .compose(files -> {
          Backends backends = new Backends(vertx, files.sources().backends());
          return reflectedDescriptors(backends, files.sources())
              .compose(reflected -> vertx.executeBlocking(() -> compile(vertx, config, files, backends, reflected), false))
              .onFailure(e -> backends.close());
        })
        .compose(upstreamsAndExecutor -> listen(vertx, config, upstreamsAndExecutor));
  }

  /** What start-up reads from disk and the classpath. */
  private record Files(TypeDefinitionRegistry types, JavaResolvers javaResolvers,
                       BindingLoader.Sources sources, List<FileDescriptorProto> protos) {
  }

  private record Prepared(GraphQLExecutor executor, Upstreams upstreams, Endpoints endpoints) {
  }

  private static Files read(GatewayConfig config) {
    TypeDefinitionRegistry types = SchemaFiles.load(config.schemaDir());
    BindingLoader.Sources sources = new BindingLoader(config.vars(), System.getenv()).read(config.resolversDir());
    return new Files(types, JavaResolvers.discover(Sheaf.class.getClassLoader(), config.resolversDir()), sources,
        ProtoFolder.read(config.schemaDir().resolve("protos")));
  }

  /** Asks each reflection backend for the descriptors of the services its bindings name. */
  private static Future<Map<String, ProtoRegistry>> reflectedDescriptors(Backends backends, BindingLoader.Sources sources) {
    Map<String, Future<Collection<FileDescriptorProto>>> asks = new LinkedHashMap<>();
    sources.servicesByReflectionBackend().forEach((backend, services) ->
        asks.put(backend, new ReflectionClient(backends.grpc(backend)).filesFor(services)));
    return Future.all(List.copyOf(asks.values()))
        .map(all -> {
          Map<String, ProtoRegistry> registries = new LinkedHashMap<>();
          asks.forEach((backend, ask) -> registries.put(backend,
              ProtoRegistry.of(ask.result(), "server reflection of backend '" + backend + "'")));
          return registries;
        })
        .recover(e -> Future.failedFuture(e instanceof ConfigException ? e : new ConfigException(e.getMessage())));
  }

  private static Prepared compile(Vertx vertx, GatewayConfig config, Files files, Backends backends,
                                  Map<String, ProtoRegistry> reflected) {
    ProtoSources protos = new ProtoSources(ProtoRegistry.of(files.protos(), "schema/protos"), reflected);
    GraphQLSchema shape = GraphQLExecutor.shapeOf(files.types());
    Bindings bindings = new BindingLoader(config.vars(), System.getenv())
        .compile(files.sources(), shape, files.javaResolvers().origins(), protos);
    GraphQLExecutor executor = new GraphQLExecutor(shape,
        registry -> ResolverRegistry.addFetchers(registry, bindings, files.javaResolvers().byField()),
        config.documentCacheSize(),
        config.limits(), ResolverRegistry.backendsByField(bindings)::get);
    Endpoints endpoints = new EndpointLoader(config.schemaDir().resolve("operations"), config.limits())
        .load(files.sources(), executor.schema());
    ObjectMapper json = new ObjectMapper();
    return new Prepared(executor, new Upstreams(backends, new EntityLoaders(bindings.entities()), json, new ProtoJson(json)),
        endpoints);
  }

  private static Future<Sheaf> listen(Vertx vertx, GatewayConfig config, Prepared prepared) {
    AtomicBoolean ready = new AtomicBoolean(false);
    // Keys are fetched in the background and never awaited here: an identity provider that is down
    // or hangs must not delay listening. Readiness says 503 until the keys are known instead.
    TokenValidator tokens = config.auth() == null ? null : TokenValidator.create(vertx, config.auth());
    if (tokens != null) {
      tokens.start();
    }
    BooleanSupplier isReady = () -> ready.get() && (tokens == null || tokens.ready());
    HttpServerOptions options = new HttpServerOptions()
        .setTcpNoDelay(true)
        // Every connection HTTP/1 from its first byte, so EventLoopServer can fit its pipeline before it reads.
        .setHttp2ClearTextEnabled(false)
        .setCompressionSupported(true)
        .setMaxInitialLineLength(16 * 1024)
        // Room for a large bearer token, so the validator (not the HTTP codec) refuses it, with a 401.
        .setMaxHeaderSize(32 * 1024);
    int port = EventLoopServer.sharedPort(vertx, config.port());
    List<EventLoopServer> servers = new CopyOnWriteArrayList<>();
    Supplier<EventLoopServer> instance = () -> {
      // A router per server, so no two event loops share one.
      EventLoopServer server = new EventLoopServer(options, config.host(), port, GatewayRouter.create(vertx, config,
          prepared.executor(), prepared.upstreams(), prepared.endpoints(), tokens, isReady), config.shutdownGrace(),
          config.clientTimeouts());
      servers.add(server);
      return server;
    };
    // One instance per event loop; a failed deployment undeploys the instances that did start.
    return vertx.deployVerticle(instance, new DeploymentOptions().setInstances(config.eventLoops()))
        .map(deployment -> {
          ready.set(true);
          return new Sheaf(vertx, List.copyOf(servers), deployment, prepared.upstreams(), tokens, ready);
        })
        .onFailure(e -> {
          prepared.upstreams().close();
          if (tokens != null) {
            tokens.close();
          }
        });
  }

  public int port() {
    return servers.get(0).actualPort();
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
    ready.set(false);
    return vertx.undeploy(deployment).onComplete(ar -> {
      upstreams.close();
      if (tokens != null) {
        tokens.close();
      }
    });
  }
}
