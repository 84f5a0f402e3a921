package dev.sheaf.binding;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import dev.sheaf.backend.grpc.ProtoRegistry;
import dev.sheaf.backend.grpc.ProtoSources;
import dev.sheaf.config.ConfigProblems;
import dev.sheaf.config.Suggestions;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Compiles the backend calls of field and entity specs (REST requests, gRPC methods and their
 * templates), checking them against the declared backends and the schema.
 */
record CallCompiler(GraphQLSchema schema, Map<String, BackendConfig> backends, ProtoSources protos,
                    ConfigProblems problems) {

  boolean checkBackend(SpecSite site, String backend) {
    if (backend == null) {
      site.problem(problems, "backend: is required; name one of the backends: "
          + String.join(", ", backends.keySet()));
      return false;
    }
    if (!backends.containsKey(backend)) {
      site.problem(problems, "no backend '" + backend + "' is declared; declared backends: "
          + String.join(", ", backends.keySet()), "backend");
      return false;
    }
    return true;
  }

  /** A REST call; its backend must be a REST one. */
  HttpCall compileRest(SpecSite site, String backend, String method, String path, Map<String, String> query,
                       Object body, String select) {
    return checkProtocol(site, backend, false) ? compileCall(site, method, path, query, body, select) : null;
  }

  private HttpCall compileCall(SpecSite site, String method, String path, Map<String, String> query, Object body,
                               String select) {
    if (!path.startsWith("/")) {
      site.problem(problems, "the path must start with '/', e.g. /users/{args.id}", method.toLowerCase(Locale.ROOT));
      return null;
    }
    StringTemplate pathTemplate = compileTemplate(site, path, method.toLowerCase(Locale.ROOT));
    Map<String, StringTemplate> queryTemplates = new LinkedHashMap<>();
    if (query != null) {
      for (Map.Entry<String, String> param : query.entrySet()) {
        StringTemplate t = compileTemplate(site, String.valueOf(param.getValue()), "query", param.getKey());
        if (t == null) {
          return null;
        }
        queryTemplates.put(param.getKey(), t);
      }
    }
    if (body != null && "GET".equals(method)) {
      site.problem(problems, "a GET has no body; use query: or bind the field to post:", "body");
      return null;
    }
    BodyTemplate bodyTemplate;
    Selector selector;
    try {
      bodyTemplate = body == null ? null : BodyTemplate.compile(body);
      selector = Selector.compile(select);
    } catch (IllegalArgumentException e) {
      site.problem(problems, e.getMessage(), body != null ? "body" : "select");
      return null;
    }
    return pathTemplate == null ? null : new HttpCall(method, pathTemplate, queryTemplates, bodyTemplate, selector);
  }

  RpcCall compileRpc(SpecSite site, String backend, String rpc, Object request, String select, boolean read) {
    if (!checkProtocol(site, backend, true)) {
      return null;
    }
    int slash = rpc.indexOf('/');
    if (slash <= 0 || slash == rpc.length() - 1) {
      site.problem(problems, "'" + rpc + "' is not package.Service/Method, e.g. inventory.v1.InventoryService/GetStock",
          "rpc");
      return null;
    }
    ProtoRegistry registry = protos.forBackend(backends.get(backend));
    MethodDescriptor method = registry.method(rpc.substring(0, slash), rpc.substring(slash + 1));
    if (method == null) {
      site.problem(problems, registry.describeMissing(rpc.substring(0, slash), rpc.substring(slash + 1)), "rpc");
      return null;
    }
    if (method.isClientStreaming() || method.isServerStreaming()) {
      site.problem(problems, rpc + " is a streaming method; only unary methods can be bound", "rpc");
      return null;
    }
    // An unverified backend's request message is a placeholder: its fields cannot be checked.
    String unknown = registry.verified() ? ProtoFields.firstUnknown(method.getInputType(), request) : null;
    if (unknown != null) {
      site.problem(problems, unknown, "request");
      return null;
    }
    RpcCall call;
    try {
      BodyTemplate template = request == null ? null : BodyTemplate.compile(request);
      call = new RpcCall(method, template, Selector.compile(select), read);
    } catch (IllegalArgumentException e) {
      site.problem(problems, e.getMessage(), request != null ? "request" : "select");
      return null;
    }
    ProtoFields.Reached reached = registry.verified() ? ProtoFields.select(method.getOutputType(), call.selector()) : null;
    if (reached != null && reached.problem() != null) {
      site.problem(problems, "'" + call.selector() + "': " + reached.problem(), "select");
      return null;
    }
    return call;
  }

  /**
   * An entity's key must be a field of the objects its gRPC reply lists, by the name the reply has
   * it under: with the .proto's name every lookup would quietly find nothing.
   */
  boolean checkEntityKey(SpecSite site, String backend, RpcCall call, String key) {
    if (!protos.forBackend(backends.get(backend)).verified()) {
      return true;
    }
    ProtoFields.Reached reached = ProtoFields.select(call.method().getOutputType(), call.selector());
    if (!reached.checked()) {
      return true;
    }
    FieldDescriptor list = reached.field();
    if (list == null || !list.isRepeated() || list.isMapField() || list.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
      String lists = call.method().getOutputType().getFields().stream()
          .filter(f -> f.isRepeated() && !f.isMapField() && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE)
          .map(FieldDescriptor::getJsonName).collect(Collectors.joining(", "));
      site.problem(problems, "select: must lead to the list of objects in the reply ("
          + call.method().getOutputType().getFullName() + "), e.g. select: " + (lists.isEmpty() ? "items" : lists),
          "select");
      return false;
    }
    if (ProtoFields.byJsonName(list.getMessageType(), key) == null) {
      site.problem(problems, ProtoFields.unknownField(list.getMessageType(), key).replace(
          "lowerCamelCase: ", "lowerCamelCase: key: "), "key");
      return false;
    }
    return true;
  }

  /** REST bindings need a REST backend and gRPC bindings a gRPC one. */
  private boolean checkProtocol(SpecSite site, String backend, boolean grpc) {
    if (backends.get(backend).isGrpc() == grpc) {
      return true;
    }
    site.problem(problems, grpc ? "rpc: needs a gRPC backend (grpc: host:port); '" + backend + "' is REST"
        : "'" + backend + "' is a gRPC backend; bind it with rpc: package.Service/Method and request:", "backend");
    return false;
  }

  StringTemplate compileTemplate(SpecSite site, String text, String... key) {
    try {
      return StringTemplate.compile(text);
    } catch (IllegalArgumentException e) {
      site.problem(problems, e.getMessage(), key);
      return null;
    }
  }

  /**
   * Every placeholder must name something that will exist at run time. {@code backendName} is the
   * backend the values are sent to, whose forwarded headers may be used; null where none are.
   */
  boolean checkExpressions(SpecSite site, List<Expression> expressions, GraphQLObjectType parent,
                           GraphQLFieldDefinition field, String backendName) {
    BackendConfig backend = backendName == null ? null : backends.get(backendName);
    for (Expression e : expressions) {
      String problem = switch (e.root()) {
        case ARGS -> field.getArgument(e.path().get(0)) == null
            ? e + ": " + parent.getName() + "." + field.getName() + " has no argument '" + e.path().get(0) + "'"
            + argumentsHint(field) : null;
        case SOURCE -> sourceProblem(e, parent);
        case HEADERS -> backend == null || !backend.forwardHeaders().contains(e.path().get(0).toLowerCase(Locale.ROOT))
            ? e + ": only headers listed in the backend's forwardHeaders can be used; add '" + e.path().get(0)
            + "' there" : null;
        case CLAIMS -> null; // any claim of the caller's token; absent claims render as missing values
        case KEYS -> e + " is only available in entities: batch calls";
      };
      if (problem != null) {
        site.problemWith(problems, e.toString(), problem);
        return false;
      }
    }
    return true;
  }

  private String sourceProblem(Expression e, GraphQLObjectType parent) {
    if (parent == schema.getQueryType() || parent == schema.getMutationType()) {
      return e + ": root fields have no parent object; use {args.…}";
    }
    if (e.path().isEmpty() || parent.getFieldDefinition(e.path().get(0)) != null) {
      return null;
    }
    List<String> fields = parent.getFieldDefinitions().stream().map(GraphQLFieldDefinition::getName).toList();
    return e + ": type " + parent.getName() + " has no field '" + e.path().get(0) + "'."
        + Suggestions.didYouMean(e.path().get(0), fields) + " Its fields, closest first: "
        + Suggestions.listClosestFirst(e.path().get(0), fields);
  }

  private static String argumentsHint(GraphQLFieldDefinition field) {
    if (field.getArguments().isEmpty()) {
      return " (it takes no arguments)";
    }
    return " (its arguments: " + field.getArguments().stream().map(a -> a.getName()).collect(Collectors.joining(", ")) + ")";
  }
}
