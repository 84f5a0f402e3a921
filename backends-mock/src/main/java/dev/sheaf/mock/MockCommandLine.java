package dev.sheaf.mock;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parsed arguments of {@link MockMain}.
 *
 * @param helpRequested  {@code --help} was given
 * @param options        host, ports and the knobs of every service
 * @param knobsByService knobs of the services that have {@code --SERVICE.KNOB} flags, on top of the common ones
 */
record MockCommandLine(boolean helpRequested, MockOptions options, Map<String, Knobs> knobsByService) {

  static final String USAGE = """
      Usage: java -cp target/sheaf.jar dev.sheaf.mock.MockMain [OPTION]...

      Starts the mock shop backends: users on port 7101, orders on 7102, catalog on 7103 and
      recommendations on 7104.

        --host=ADDRESS         address to bind (default 127.0.0.1)
        --random-ports         let the OS pick free ports instead of the fixed ones
        --KNOB=VALUE           set a knob on every service
        --SERVICE.KNOB=VALUE   set a knob on one service: users, orders, catalog or recommendations
        --help                 print this help

      Knobs: latency, jitter, slowBody: durations such as 10ms, 1s or 250 (milliseconds)
             errorStatus: a status in 400..599, 0 = off
             hang, malformedJson, resetConnection: true or false (alone, the flag means true)
      Example: --latency=10ms --jitter=5ms --orders.errorStatus=503
      """;

  private static final String DEFAULT_HOST = "127.0.0.1";

  /** @throws IllegalArgumentException on an unknown flag or a bad value, with a message for the user */
  static MockCommandLine parse(String... args) {
    boolean help = false;
    boolean randomPorts = false;
    String host = DEFAULT_HOST;
    JsonObject commonPatch = new JsonObject();
    Map<String, JsonObject> patchByService = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      int equals = arg.indexOf('=');
      String name = arg.substring(2, equals < 0 ? arg.length() : equals);
      String value = equals < 0 ? null : arg.substring(equals + 1);
      switch (name) {
        case "help" -> help = true;
        case "random-ports" -> randomPorts = true;
        case "host" -> host = requireValue(arg, value);
        default -> addKnob(arg, name, value, commonPatch, patchByService);
      }
    }
    Knobs common = Knobs.fromJson(commonPatch);
    Map<String, Knobs> knobsByService = new LinkedHashMap<>();
    patchByService.forEach((service, patch) -> knobsByService.put(service, common.withPatch(patch)));
    MockOptions options = new MockOptions(host, !randomPorts, common);
    return new MockCommandLine(help, options, Map.copyOf(knobsByService));
  }

  /** {@code --latency=10ms} or {@code --orders.latency=10ms}; the knob's JSON field name also works. */
  private static void addKnob(String arg, String name, String value, JsonObject commonPatch,
                              Map<String, JsonObject> patchByService) {
    int dot = name.indexOf('.');
    String field = knobField(arg, name.substring(dot + 1));
    // A bare boolean flag such as --hang means true; for other knobs the parser reports the missing value.
    String text = value == null ? "true" : value;
    if (dot < 0) {
      commonPatch.put(field, text);
      return;
    }
    String service = name.substring(0, dot);
    if (ShopService.named(service).isEmpty()) {
      throw new IllegalArgumentException(
          "unknown service in '" + arg + "'; expected one of " + ShopService.allNames());
    }
    patchByService.computeIfAbsent(service, ignored -> new JsonObject()).put(field, text);
  }

  private static String knobField(String arg, String knob) {
    if (Knobs.FIELD_NAMES.contains(knob)) {
      return knob;
    }
    if (Knobs.FIELD_NAMES.contains(knob + "Ms")) {
      return knob + "Ms";
    }
    throw new IllegalArgumentException("unknown option '" + arg + "'");
  }

  private static String requireValue(String arg, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + arg + "' needs a value, e.g. --host=127.0.0.1");
    }
    return value;
  }
}
