package dev.sheaf.perf.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides whether a GraphQL response is what the scenario expects: status 200, {@code data} present
 * and not null, and no errors except those whose {@code extensions.code} the scenario expects (the
 * hanging backend's {@code BACKEND_TIMEOUT}). Streams the JSON and skips {@code data}, so a 1 MB answer
 * costs a scan, not a tree.
 */
final class ResponseCheck {

  /** OK and EXPECTED_ERROR are successes; the rest are errors. IO_ERROR: no response (timeout, reset). */
  enum Outcome { OK, EXPECTED_ERROR, HTTP_STATUS, GRAPHQL_ERROR, NO_DATA, BAD_JSON, IO_ERROR }

  /** The outcome, plus a short reason when it is not OK (for the report's error samples). */
  record Verdict(Outcome outcome, String reason) {
  }

  /** The reason of a 503: the status a gateway sheds a request with. */
  static final String SHED = "HTTP 503";

  private static final JsonFactory JSON = new JsonFactory();

  private final Set<String> expectedCodes;
  private final boolean graphql;

  /** @param graphql false: only the status is checked (a probe of a mock backend) */
  ResponseCheck(Set<String> expectedCodes, boolean graphql) {
    this.expectedCodes = expectedCodes;
    this.graphql = graphql;
  }

  Verdict check(int status, byte[] body) {
    if (status != 200) {
      return new Verdict(Outcome.HTTP_STATUS, "HTTP " + status);
    }
    if (!graphql) {
      return new Verdict(Outcome.OK, null);
    }
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new Verdict(Outcome.BAD_JSON, "not a JSON object");
      }
      boolean dataPresent = false;
      List<String> codes = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("data".equals(name)) {
          dataPresent = value != JsonToken.VALUE_NULL;
          p.skipChildren();
        } else if ("errors".equals(name) && value == JsonToken.START_ARRAY) {
          codes = errorCodes(p);
        } else {
          p.skipChildren();
        }
      }
      if (codes != null && !codes.isEmpty()) {
        boolean allExpected = codes.stream().allMatch(expectedCodes::contains);
        if (!allExpected) {
          return new Verdict(Outcome.GRAPHQL_ERROR, summary(codes));
        }
        return new Verdict(dataPresent ? Outcome.EXPECTED_ERROR : Outcome.NO_DATA, summary(codes));
      }
      return dataPresent ? new Verdict(Outcome.OK, null) : new Verdict(Outcome.NO_DATA, "data is null");
    } catch (IOException e) {
      return new Verdict(Outcome.BAD_JSON, e.getClass().getSimpleName());
    }
  }

  /** "errors: 100 × BACKEND_UNAVAILABLE, 1 × BACKEND_TIMEOUT". */
  private static String summary(List<String> codes) {
    Map<String, Integer> counts = new TreeMap<>();
    codes.forEach(c -> counts.merge(c, 1, Integer::sum));
    StringBuilder sb = new StringBuilder("errors: ");
    counts.forEach((code, n) -> sb.append(sb.length() > 8 ? ", " : "").append(n).append(" × ").append(code));
    return sb.toString();
  }

  /** The {@code extensions.code} of each error ("(none)" when missing); the parser sits on START_ARRAY. */
  private static List<String> errorCodes(JsonParser p) throws IOException {
    List<String> codes = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String code = "(none)";
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if ("extensions".equals(name) && p.currentToken() == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String ext = p.currentName();
            p.nextToken();
            if ("code".equals(ext) && p.currentToken() == JsonToken.VALUE_STRING) {
              code = p.getText();
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
      codes.add(code);
    }
    return codes;
  }
}
