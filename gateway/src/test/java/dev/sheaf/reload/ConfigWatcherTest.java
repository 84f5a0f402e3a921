package dev.sheaf.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch reloads once per settled change of the configuration's folders, and not otherwise. */
class ConfigWatcherTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static void waitFor(long millis) throws InterruptedException {
    Thread.sleep(millis); // the test thread, not an event loop: lets the watch look a few times
  }

  @Test
  void unchangedFilesTriggerNothing(@TempDir Path dir) throws Exception {
    GatewayConfig config = GatewayConfig.defaults().withDirs(Files.createDirectories(dir.resolve("schema")), dir);
    Snapshot built = new Snapshot("v1", ConfigFiles.stamp(config), Instant.now(), config, null, List.of());
    List<String> triggers = new CopyOnWriteArrayList<>();
    ConfigWatcher watcher = vertx.executeBlocking(() -> ConfigWatcher.start(vertx, () -> built, triggers::add)).await();
    try {
      waitFor(4 * ConfigWatcher.INTERVAL_MILLIS);

      assertThat(triggers).isEmpty();
    } finally {
      watcher.close();
    }
  }

  @Test
  void aChangedFileTriggersOneReloadOnceItSettles(@TempDir Path dir) throws Exception {
    Path schema = Files.createDirectories(dir.resolve("schema"));
    Path resolvers = Files.createDirectories(dir.resolve("resolvers"));
    Files.writeString(resolvers.resolve("a.yaml"), "fields: {}\n");
    GatewayConfig config = GatewayConfig.defaults().withDirs(schema, resolvers);
    Snapshot built = new Snapshot("v1", ConfigFiles.stamp(config), Instant.now(), config, null, List.of());
    // Changed before the watch's first look: it compares with what the configuration was built from.
    Files.writeString(schema.resolve("b.graphqls"), "type Query { b: String }\n");
    List<String> triggers = new CopyOnWriteArrayList<>();
    ConfigWatcher watcher = vertx.executeBlocking(() -> ConfigWatcher.start(vertx, () -> built, triggers::add)).await();
    try {
      waitFor(8 * ConfigWatcher.INTERVAL_MILLIS);

      assertThat(triggers).as("one reload for one settled change, not one per look").containsExactly("file change");
    } finally {
      watcher.close();
    }
  }
}
