package dev.sheaf.resolver;

import dev.sheaf.config.ConfigException;
import dev.sheaf.spi.FieldResolver;
import graphql.schema.FieldCoordinates;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * The teams' Java resolvers: each jar in the configuration's plugin folder ({@code resolvers/plugins/})
 * in a class loader of its own, built against sheaf-spi and listed in its
 * {@code META-INF/services/dev.sheaf.spi.FieldResolver}; plus any on the gateway's own class path
 * (for an application that embeds the gateway). No team's resolver is part of the gateway.
 *
 * @param byField the resolver of each field
 * @param origins where each came from, for problems: the class and, for a plugin, its jar
 */
public record JavaResolvers(Map<FieldCoordinates, FieldResolver> byField, Map<FieldCoordinates, String> origins) {

  /** The folder, under the bindings' folder, that holds the resolver plugins. */
  public static final String PLUGIN_FOLDER = "plugins";

  public JavaResolvers {
    byField = Map.copyOf(byField);
    origins = Map.copyOf(origins);
  }

  /** Finds every resolver; a resolver that names no field, or a field another one has, stops the start. */
  public static JavaResolvers discover(ClassLoader gateway, Path resolversDir) {
    Map<FieldCoordinates, FieldResolver> byField = new LinkedHashMap<>();
    Map<FieldCoordinates, String> origins = new LinkedHashMap<>();
    for (ServiceLoader.Provider<FieldResolver> provider : ServiceLoader.load(FieldResolver.class, gateway).stream().toList()) {
      add(provider.get(), provider.type().getName(), byField, origins);
    }
    for (Path jar : pluginJars(resolversDir.resolve(PLUGIN_FOLDER))) {
      ClassLoader loader = new URLClassLoader("plugin " + jar.getFileName(), new URL[] {url(jar)}, gateway);
      List<ServiceLoader.Provider<FieldResolver>> found = ServiceLoader.load(FieldResolver.class, loader).stream()
          .filter(p -> p.type().getClassLoader() == loader) // the gateway's own are counted above
          .toList();
      if (found.isEmpty()) {
        throw new ConfigException(jar + ": lists no resolver; a plugin names its classes in "
            + "META-INF/services/" + FieldResolver.class.getName());
      }
      for (ServiceLoader.Provider<FieldResolver> provider : found) {
        FieldResolver resolver;
        try {
          resolver = provider.get();
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
          throw new ConfigException(jar + ": " + provider.type().getName() + " cannot be created (" + e + ")", e);
        }
        add(resolver, provider.type().getName() + " (plugin " + jar + ")", byField, origins);
      }
    }
    return new JavaResolvers(byField, origins);
  }

  private static void add(FieldResolver resolver, String origin, Map<FieldCoordinates, FieldResolver> byField,
                          Map<FieldCoordinates, String> origins) {
    String[] parts = String.valueOf(resolver.field()).split("\\.");
    if (parts.length != 2) {
      throw new ConfigException(origin + ": field() returned '" + resolver.field()
          + "'; return schema coordinates such as Query.quote");
    }
    FieldCoordinates coords = FieldCoordinates.coordinates(parts[0], parts[1]);
    if (byField.putIfAbsent(coords, resolver) != null) {
      throw new ConfigException(resolver.field() + " is resolved by both " + origins.get(coords) + " and " + origin
          + "; keep one");
    }
    origins.put(coords, origin);
  }

  private static List<Path> pluginJars(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> listing = Files.list(folder)) {
      return listing.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new ConfigException(folder + ": cannot be listed (" + e.getMessage() + ")", e);
    }
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new ConfigException(jar + ": not a readable path (" + e.getMessage() + ")", e);
    }
  }
}
