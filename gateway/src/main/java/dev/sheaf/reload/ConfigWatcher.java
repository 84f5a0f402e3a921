package dev.sheaf.reload;

import dev.sheaf.config.GatewayConfig;
import io.vertx.core.Vertx;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Watches the active configuration's folders by polling a cheap stamp of their files on a worker,
 * against the stamp the active configuration was built from. A difference triggers a reload once
 * the files have stayed the same for one more look, so a team copying several files (or an
 * orchestrator swapping a ConfigMap) is read once, whole; a state that was refused is not retried
 * until the files change again.
 */
public final class ConfigWatcher implements AutoCloseable {

  /** How often the folders are looked at. */
  public static final long INTERVAL_MILLIS = 500;

  private final Vertx vertx;
  private final Supplier<Snapshot> active;
  private final Consumer<String> reload;
  private final long timer;
  private String settling;      // a state seen once, not yet twice
  private String lastTriggered; // the state the last reload was asked for
  private boolean looking;

  private ConfigWatcher(Vertx vertx, Supplier<Snapshot> active, Consumer<String> reload) {
    this.vertx = vertx;
    this.active = active;
    this.reload = reload;
    this.timer = vertx.setPeriodic(INTERVAL_MILLIS, id -> look());
  }

  /** @param reload called with the trigger's name when the files changed and settled */
  public static ConfigWatcher start(Vertx vertx, Supplier<Snapshot> active, Consumer<String> reload) {
    return new ConfigWatcher(vertx, active, reload);
  }

  private void look() {
    if (looking) {
      return; // the previous look is still walking the folders
    }
    looking = true;
    Snapshot snapshot = active.get();
    GatewayConfig config = snapshot.config();
    vertx.executeBlocking(() -> ConfigFiles.stamp(config), false).onComplete(ar -> {
      looking = false;
      if (ar.succeeded()) {
        compare(ar.result(), snapshot.stamp());
      }
    });
  }

  private void compare(String now, String built) {
    if (now.equals(built)) {
      settling = null;
      return;
    }
    if (!now.equals(settling)) {
      settling = now; // still changing, or just changed: look once more
      return;
    }
    if (!now.equals(lastTriggered)) {
      lastTriggered = now;
      reload.accept("file change");
    }
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
  }
}
