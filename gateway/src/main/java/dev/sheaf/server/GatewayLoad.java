package dev.sheaf.server;

import dev.sheaf.config.SheddingConfig;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How loaded the gateway is now: client requests in flight across all event loops, and how late
 * each event loop runs its timers. One per gateway, shared by every configuration it loads, so a
 * reload neither forgets the requests in flight nor lets a second batch in beside them.
 */
public final class GatewayLoad {

  /** How often each event loop measures its delay: often enough to notice a spike within a tenth of a second. */
  static final long PROBE_MILLIS = 100;
  /** The adaptive limit never goes below this many requests in flight per event loop. */
  static final int ADAPTIVE_FLOOR_PER_LOOP = 4;

  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLongArray delayNanos;
  private final Runnable shedOverLimit;
  private final Runnable shedLateLoop;
  private final Runnable shedAdaptive;
  private final AdaptiveLimit adaptive;
  /** Read only by the adaptive limit's probe, on event loop 0. */
  private final CpuShare cpu = CpuShare.ofThisProcess();
  /** The running configuration's settings, as its shedders were last made: read by the adaptive limit's probe. */
  private volatile SheddingConfig settings;

  /**
   * @param eventLoops    how many event loops serve requests, each watched by {@link #watchLoop}
   * @param shedOverLimit counts a request shed because {@code shedding.maxInFlight} were in flight
   * @param shedLateLoop  counts one shed because its loop ran later than {@code shedding.maxEventLoopDelay}
   * @param shedAdaptive  counts one shed by the adaptive limit ({@code shedding.adaptive})
   */
  public GatewayLoad(int eventLoops, Runnable shedOverLimit, Runnable shedLateLoop, Runnable shedAdaptive) {
    this.delayNanos = new AtomicLongArray(eventLoops);
    this.shedOverLimit = shedOverLimit;
    this.shedLateLoop = shedLateLoop;
    this.shedAdaptive = shedAdaptive;
    this.adaptive = new AdaptiveLimit(ADAPTIVE_FLOOR_PER_LOOP * eventLoops, Integer.MAX_VALUE);
  }

  /** The handler that sheds requests on event loop {@code loop} by these settings. */
  public Handler<RoutingContext> shedder(SheddingConfig settings, int loop) {
    this.settings = settings;
    return new LoadShedder(this, settings, loop);
  }

  /**
   * Measures how late event loop {@code loop} runs a periodic timer. Must be called on that loop:
   * the timer runs on the caller's context and ends with it.
   */
  public void watchLoop(Vertx vertx, int loop) {
    long[] due = {System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS)};
    vertx.setPeriodic(PROBE_MILLIS, id -> {
      long now = System.nanoTime();
      delayNanos.set(loop, Math.max(0, now - due[0]));
      due[0] = now + TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS);
      SheddingConfig current = settings;
      if (loop == 0 && current != null && current.adaptive()) {
        // At the target counts as over it: a target of 0 then sheds down to the floor whatever the reading.
        adaptive.adjust(cpu.sinceLastRead() >= current.targetCpu(), inFlight.get(), current.maxInFlight());
      }
    });
  }

  /** What the adaptive limit allows in flight now (whether or not it is turned on). */
  public int adaptiveLimit() {
    return adaptive.limit();
  }

  /** Client requests in flight now. */
  public int inFlight() {
    return inFlight.get();
  }

  void shedOverLimit() {
    shedOverLimit.run();
  }

  void shedLateLoop() {
    shedLateLoop.run();
  }

  void shedAdaptive() {
    adaptive.refused();
    shedAdaptive.run();
  }

  AtomicInteger inFlightCounter() {
    return inFlight;
  }

  /** How late the loop's last timer ran. */
  long delayNanos(int loop) {
    return loop < delayNanos.length() ? delayNanos.get(loop) : 0;
  }
}
