package dev.sheaf.mock;

import dev.sheaf.mock.inventory.GrpcKnobs;
import dev.sheaf.mock.inventory.InventoryMock;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed arguments of {@link MockMain}.
 *
 * @param helpRequested  {@code --help} was given
 * @param options        host, ports and the knobs of every service
 * @param knobsByService knobs of the REST services that have {@code --SERVICE.KNOB} flags, on top of the common ones
 * @param inventoryKnobs knobs of the gRPC inventory: the common ones as {@link GrpcKnobs#from}, then its own flags
 */
record MockCommandLine(boolean helpRequested, MockOptions options, Map<String, Knobs> knobsByService,
                       GrpcKnobs inventoryKnobs) {

  static final String USAGE = """
      Usage: java -cp demo/target/sheaf-demo.jar dev.sheaf.mock.MockMain [OPTION]...

      Starts the mock shop backends: users on port 7101, orders on 7102, catalog on 7103,
      recommendations on 7104 (REST) and inventory on 7105 (gRPC, with its admin API on the same port).

        --host=ADDRESS         address to bind (default 127.0.0.1)
        --random-ports         let the OS pick free ports instead of the fixed ones
        --KNOB=VALUE           set a knob on every service
        --SERVICE.KNOB=VALUE   set a knob on one service: users, orders, catalog, recommendations or inventory
        --help                 print this help

      Knobs: latency, jitter, slowBody: durations such as 10ms, 1s or 250 (milliseconds)
             errorStatus: a status in 400..599, 0 = off (the inventory fails with the matching gRPC status)
             hang, malformedJson, resetConnection: true or false (alone, the flag means true)
      Inventory only: latency, jitter, hang, resetConnection, and
             grpcStatus: a gRPC status to fail with, e.g. UNAVAILABLE or 14; OK = off
      Example: --latency=10ms --jitter=5ms --orders.errorStatus=503 --inventory.grpcStatus=UNAVAILABLE
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
    GrpcKnobs inventory = GrpcKnobs.from(common).withPatch(patchByService.getOrDefault(InventoryMock.NAME, new JsonObject()));
    Map<String, Knobs> knobsByService = new LinkedHashMap<>();
    patchByService.remove(InventoryMock.NAME);
    patchByService.forEach((service, patch) -> knobsByService.put(service, common.withPatch(patch)));
    MockOptions options = new MockOptions(host, !randomPorts, common);
    return new MockCommandLine(help, options, Map.copyOf(knobsByService), inventory);
  }

  /** {@code --latency=10ms} or {@code --orders.latency=10ms}; the knob's JSON field name also works. */
  private static void addKnob(String arg, String name, String value, JsonObject commonPatch,
                              Map<String, JsonObject> patchByService) {
    int dot = name.indexOf('.');
    String service = dot < 0 ? null : name.substring(0, dot);
    if (service != null && ShopService.named(service).isEmpty() && !service.equals(InventoryMock.NAME)) {
      throw new IllegalArgumentException("unknown service in '" + arg + "'; expected one of "
          + ShopService.allNames() + ", " + InventoryMock.NAME);
    }
    List<String> fields = InventoryMock.NAME.equals(service) ? GrpcKnobs.FIELD_NAMES : Knobs.FIELD_NAMES;
    String field = knobField(arg, name.substring(dot + 1), fields);
    // A bare boolean flag such as --hang means true; for other knobs the parser reports the missing value.
    String text = value == null ? "true" : value;
    if (service == null) {
      commonPatch.put(field, text);
    } else {
      patchByService.computeIfAbsent(service, ignored -> new JsonObject()).put(field, text);
    }
  }

  private static String knobField(String arg, String knob, List<String> fields) {
    if (fields.contains(knob)) {
      return knob;
    }
    if (fields.contains(knob + "Ms")) {
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
