package dev.sheaf.warmup;

/**
 * What a warm-up did.
 *
 * @param operations  the distinct operations it ran, round after round
 * @param requests    the requests it sent
 * @param connections the connections they went on (one in {@code Warmup.NEW_CONNECTION_EVERY} asked for a new one)
 * @param notOk       those answered with another status than 2xx (or not at all)
 * @param millis      how long it took
 * @param endedBecause why it ended: its time was up, the JIT compiler went quiet, the gateway stopped
 * @param restCalls   REST calls its requests made, answered over loopback through the real HTTP client
 * @param restConnections the connections those calls went on (the loopback server closes some, as backends do)
 * @param grpcCalls   gRPC calls its requests made, answered over loopback through the real gRPC client
 * @param accessLines access log lines it encoded with the log's encoder and dropped
 */
public record WarmupReport(int operations, long requests, long connections, long notOk, long millis,
                           String endedBecause, long restCalls, long restConnections, long grpcCalls, long accessLines) {

  /** No warm-up ran. */
  public static final WarmupReport NONE = new WarmupReport(0, 0, 0, 0, 0, "none", 0, 0, 0, 0);
}
