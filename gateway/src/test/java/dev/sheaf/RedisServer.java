package dev.sheaf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process on a free port, started by the test that needs it (no data
 * saved to disk) and stopped by it: nothing mocks Redis. CI installs the Debian package
 * {@code redis-server} when it is missing.
 */
final class RedisServer implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path log;

  private RedisServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** As {@link #start()}, for a static field: a server that cannot start fails the test class, saying why. */
  static RedisServer startForTests() {
    try {
      return start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start redis-server (is the redis-server package installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts one and waits until it answers {@code PING}. */
  static RedisServer start() throws IOException, InterruptedException {
    int port = freePort();
    Path log = Files.createTempFile("redis-server", ".log");
    Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    RedisServer server = new RedisServer(process, port, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!server.answersPing()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new IllegalStateException("redis-server did not start on port " + port + ": " + Files.readString(log));
      }
      Thread.sleep(50);
    }
    return server;
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  boolean answersPing() {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  /** Kills the server at once, as a crash would; its data is gone. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(20, TimeUnit.SECONDS);
      Files.deleteIfExists(log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // a temp file left behind
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
