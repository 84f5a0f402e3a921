package dev.sheaf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client that writes exactly the bytes a test gives it, for what no well-behaved HTTP client
 * sends: ambiguous framing, half a request, a request after the gateway began to stop. Blocking; for
 * the test thread only.
 */
final class RawHttpClient implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;

  RawHttpClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
  }

  /** One answer as it came over the wire; header names in lower case. */
  record Answer(int status, Map<String, String> headers, String body) {
  }

  void send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** Reads the next answer (its body by Content-Length); fails if the connection ends first. */
  Answer read() throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new AssertionError("the connection closed without an answer");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(); header != null && !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
    }
    byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
    return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  /**
   * Whether the gateway closes the connection within {@code bound} without sending anything more
   * (a reset counts as closed); fails if it sends bytes instead.
   */
  boolean closedWithin(Duration bound) throws IOException {
    socket.setSoTimeout((int) bound.toMillis());
    try {
      int next = in.read();
      if (next >= 0) {
        throw new AssertionError("expected the connection to close, but more bytes came: " + (char) next
            + new String(in.readNBytes(in.available()), StandardCharsets.ISO_8859_1));
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true;
    } finally {
      socket.setSoTimeout(10_000);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '\n') {
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      bytes.write(b);
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
