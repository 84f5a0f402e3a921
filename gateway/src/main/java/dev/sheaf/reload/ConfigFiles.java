package dev.sheaf.reload;

import dev.sheaf.config.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The files a configuration is made of (its schema and bindings folders, recursively), read off the event loops. */
public final class ConfigFiles {

  private ConfigFiles() {
  }

  /** A hash of every file's path and content and of the settings: the configuration's version. */
  public static String version(GatewayConfig config) {
    return version(config, digest -> { });
  }

  /**
   * Like {@link #version(GatewayConfig)}, with what the configuration read from elsewhere (TLS files,
   * secrets) added by {@code outside}: rotating one of those makes a new version.
   */
  public static String version(GatewayConfig config, Consumer<MessageDigest> outside) {
    MessageDigest digest = sha256();
    outside.accept(digest);
    digest.update(config.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (Path file : files(config)) {
      digest.update(file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      try {
        digest.update(Files.readAllBytes(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
  }

  /**
   * A cheap stamp of the files (path, size, modification time): what the watch compares, twice a
   * second for the gateway's life, so one read of each file's attributes, not one per attribute.
   */
  public static String stamp(GatewayConfig config) {
    StringBuilder stamp = new StringBuilder();
    for (Path file : files(config)) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        stamp.append(file).append(' ').append(attributes.size()).append(' ')
            .append(attributes.lastModifiedTime().toMillis()).append('\n');
      } catch (IOException e) {
        stamp.append(file).append(" unreadable\n"); // being replaced: the next look tells
      }
    }
    return stamp.toString();
  }

  private static List<Path> files(GatewayConfig config) {
    return Stream.of(config.schemaDir(), config.resolversDir())
        .filter(Files::isDirectory)
        .flatMap(ConfigFiles::walk)
        .sorted()
        .toList();
  }

  private static Stream<Path> walk(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      // Editors' and orchestrators' hidden files (swap files, ConfigMap's ..data links) are not configuration.
      return all.filter(Files::isRegularFile)
          .filter(p -> !dir.relativize(p).toString().startsWith(".") && !p.getFileName().toString().startsWith("."))
          .toList().stream();
    } catch (IOException e) {
      return Stream.empty(); // a folder going away: the reload itself reports it
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
