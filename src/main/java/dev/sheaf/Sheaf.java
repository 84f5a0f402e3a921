package dev.sheaf;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.binding.BindingLoader;
import dev.sheaf.binding.Bindings;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.graphql.GraphQLExecutor;
import dev.sheaf.graphql.SchemaFiles;
import dev.sheaf.resolver.Backends;
import dev.sheaf.resolver.EntityLoaders;
import dev.sheaf.resolver.ResolverRegistry;
import dev.sheaf.server.GatewayRouter;
import dev.sheaf.spi.FieldResolver;
import graphql.schema.FieldCoordinates;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running gateway: schema and bindings loaded and validated, backends' clients created, HTTP
 * server listening. Start-up fails (with a {@link ConfigException}) before anything listens when
 * the configuration is wrong.
 */
public final class Sheaf {

  private final HttpServer server;
  private final Backends backends;
  private final AtomicBoolean ready;

  private Sheaf(HttpServer server, Backends backends, AtomicBoolean ready) {
    this.server = server;
    this.backends = backends;
    this.ready = ready;
  }

  /** Loads everything and listens; the future fails with a ConfigException on bad configuration. */
  public static Future<Sheaf> start(Vertx vertx, GatewayConfig config) {
    // Reading files blocks: do it on a worker, never on an event loop.
    return vertx.executeBlocking(() -> prepare(vertx, config), false)
        .compose(prepared -> listen(vertx, config, prepared));
  }

  private record Prepared(GraphQLExecutor executor, Backends backends, EntityLoaders entityLoaders) {
  }

  private static Prepared prepare(Vertx vertx, GatewayConfig config) {
    TypeDefinitionRegistry types = SchemaFiles.load(config.schemaDir());
    Map<FieldCoordinates, FieldResolver> javaResolvers = discoverJavaResolvers();
    Map<FieldCoordinates, String> javaNames = new LinkedHashMap<>();
    javaResolvers.forEach((coords, r) -> javaNames.put(coords, r.getClass().getName()));
    Bindings bindings = new BindingLoader(config.vars(), System.getenv())
        .load(config.resolversDir(), GraphQLExecutor.shapeOf(types), javaNames);
    GraphQLExecutor executor = new GraphQLExecutor(types, ResolverRegistry.codeRegistry(bindings, javaResolvers),
        config.documentCacheSize());
    return new Prepared(executor, new Backends(vertx, bindings.backends()), new EntityLoaders(bindings.entities()));
  }

  private static Map<FieldCoordinates, FieldResolver> discoverJavaResolvers() {
    Map<FieldCoordinates, FieldResolver> resolvers = new LinkedHashMap<>();
    for (FieldResolver resolver : ServiceLoader.load(FieldResolver.class)) {
      String[] parts = resolver.field().split("\\.");
      if (parts.length != 2) {
        throw new ConfigException(resolver.getClass().getName() + ".field() returned '" + resolver.field()
            + "'; return schema coordinates such as Query.quote");
      }
      FieldResolver previous = resolvers.put(FieldCoordinates.coordinates(parts[0], parts[1]), resolver);
      if (previous != null) {
        throw new ConfigException(resolver.field() + " is resolved by both " + previous.getClass().getName()
            + " and " + resolver.getClass().getName() + "; keep one");
      }
    }
    return resolvers;
  }

  private static Future<Sheaf> listen(Vertx vertx, GatewayConfig config, Prepared prepared) {
    AtomicBoolean ready = new AtomicBoolean(false);
    ObjectMapper json = new ObjectMapper();
    HttpServerOptions options = new HttpServerOptions()
        .setTcpNoDelay(true)
        .setCompressionSupported(true)
        .setMaxInitialLineLength(16 * 1024);
    return vertx.createHttpServer(options)
        .requestHandler(GatewayRouter.create(vertx, config, prepared.executor(), prepared.backends(),
            prepared.entityLoaders(), json, ready::get))
        .listen(config.port(), config.host())
        .map(server -> {
          ready.set(true);
          return new Sheaf(server, prepared.backends(), ready);
        })
        .onFailure(e -> prepared.backends().close());
  }

  public int port() {
    return server.actualPort();
  }

  /** Stops taking traffic (readiness goes down first), then closes the server and the backends' clients. */
  public Future<Void> close() {
    ready.set(false);
    return server.close().onComplete(ar -> backends.close());
  }
}
