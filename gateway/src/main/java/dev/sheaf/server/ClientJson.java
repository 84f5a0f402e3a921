package dev.sheaf.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Reads JSON a client sent (GraphQL bodies, {@code variables}/{@code extensions} parameters, REST
 * endpoint bodies). No GraphQL input or REST body needs more than a few levels, so nesting deeper
 * than {@link #MAX_DEPTH} is refused as malformed before it can cost a deep recursion.
 */
public final class ClientJson {

  /** How deeply arrays and objects may nest in a client's JSON. */
  public static final int MAX_DEPTH = 64;

  /** Why a client's JSON was refused; the message is safe to show and completes "The body …". */
  public static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  private final ObjectMapper json = JsonMapper.builder(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .build()).build();

  /** @throws Malformed naming where the JSON breaks, or that it nests too deeply */
  public Object read(byte[] bytes) {
    try {
      return json.readValue(bytes, Object.class);
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  /** @throws Malformed as {@link #read(byte[])} */
  public Object read(String text) {
    try {
      return json.readValue(text, Object.class);
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  private static Malformed malformed(IOException e) {
    if (e instanceof StreamConstraintsException) {
      return new Malformed("is nested deeper than " + MAX_DEPTH + " levels");
    }
    // Not every parser error knows where it happened (a limit, an early end of input).
    JsonLocation at = e instanceof JsonProcessingException p ? p.getLocation() : null;
    if (at == null || at.getLineNr() < 1) {
      return new Malformed("is not valid JSON");
    }
    return new Malformed("is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
  }
}
