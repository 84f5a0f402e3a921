package dev.sheaf.binding;

import dev.sheaf.binding.BindingFileSpec.EntitySpec;
import dev.sheaf.binding.BindingFileSpec.FieldSpec;
import dev.sheaf.binding.BindingLoader.LoadedFile;
import dev.sheaf.config.YamlLocator;
import com.google.protobuf.Descriptors.MethodDescriptor;
import dev.sheaf.backend.grpc.ProtoRegistry;
import dev.sheaf.backend.grpc.ProtoSources;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Compiles field and entity specs, checking each against the schema and the declared backends. */
final class FieldBindingCompiler {

  private final GraphQLSchema schema;
  private final Map<String, BackendConfig> backends;
  private final Problems problems;
  private final ProtoSources protos;

  FieldBindingCompiler(GraphQLSchema schema, Map<String, BackendConfig> backends, ProtoSources protos,
                       Problems problems) {
    this.schema = schema;
    this.backends = backends;
    this.protos = protos;
    this.problems = problems;
  }

  /** Where a spec sits, for error messages. */
  private record Site(Path file, YamlLocator locator, String section, String name) {
    void problem(Problems problems, String message, String... subKeys) {
      String[] path = new String[subKeys.length + 2];
      path[0] = section;
      path[1] = name;
      System.arraycopy(subKeys, 0, path, 2, subKeys.length);
      String key = section + "." + name + (subKeys.length == 0 ? "" : "." + String.join(".", subKeys));
      problems.add(file, locator.lineOf(path), key, message);
    }
  }

  Map<String, EntityBinding> compileEntities(List<LoadedFile> files) {
    Map<String, EntityBinding> entities = new LinkedHashMap<>();
    for (LoadedFile file : files) {
      file.spec().entities().forEach((type, spec) -> {
        Site site = new Site(file.path(), file.locator(), "entities", type);
        EntityBinding entity = compileEntity(site, type, spec);
        if (entity != null && entities.putIfAbsent(type, entity) != null) {
          site.problem(problems, "entity '" + type + "' is already declared in another binding file");
        }
      });
    }
    return entities;
  }

  private EntityBinding compileEntity(Site site, String type, EntitySpec spec) {
    if (!(schema.getType(type) instanceof GraphQLObjectType)) {
      site.problem(problems, "the schema has no object type '" + type + "'; entities are object types");
      return null;
    }
    if (spec == null || spec.key() == null || spec.key().isBlank()) {
      site.problem(problems, "key must name the field each returned object is matched by, e.g. key: id", "key");
      return null;
    }
    if (!checkBackend(site, spec.backend())) {
      return null;
    }
    int ways = (spec.get() != null ? 1 : 0) + (spec.post() != null ? 1 : 0) + (spec.rpc() != null ? 1 : 0);
    if (ways != 1) {
      site.problem(problems, "an entity needs exactly one of get:, post: or rpc:, e.g. get: /products");
      return null;
    }
    CallTemplate call;
    if (spec.rpc() != null) {
      call = compileRpc(site, spec.backend(), spec.rpc(), spec.request(), spec.select(), true);
    } else {
      String method = spec.get() != null ? "GET" : "POST";
      call = checkProtocol(site, spec.backend(), false) ? compileCall(site, method,
          spec.get() != null ? spec.get() : spec.post(), spec.query(), spec.body(), spec.select()) : null;
    }
    if (call == null) {
      return null;
    }
    boolean usesKeys = false;
    for (Expression e : call.expressions()) {
      if (e.root() != Expression.Root.KEYS) {
        site.problem(problems, e + " is not available in an entity batch; use {keys}, the list of keys");
        return null;
      }
      usesKeys = true;
    }
    if (!usesKeys) {
      site.problem(problems, "the call never uses {keys}; put them in the path, query or body, e.g. "
          + "query: { ids: \"{keys}\" }");
      return null;
    }
    int maxBatch = spec.maxBatchSize() == null ? EntityBinding.DEFAULT_MAX_BATCH : spec.maxBatchSize();
    if (maxBatch <= 0) {
      site.problem(problems, "must be a positive number", "maxBatchSize");
      return null;
    }
    return new EntityBinding(type, spec.backend(), spec.key(), call, maxBatch);
  }

  Map<FieldCoordinates, FieldBinding> compileFields(List<LoadedFile> files, Map<String, EntityBinding> entities,
                                                    Map<FieldCoordinates, String> javaResolved) {
    Map<FieldCoordinates, FieldBinding> fields = new LinkedHashMap<>();
    javaResolved.forEach((coords, cls) -> {
      if (schema.getType(coords.getTypeName()) instanceof GraphQLObjectType type
          && type.getFieldDefinition(coords.getFieldName()) != null) {
        fields.put(coords, new FieldBinding.Java(coords, cls));
      } else {
        problems.add(cls + " resolves " + coords + ", which the schema does not have; fix field() or add the "
            + "field to a schema/*.graphqls file");
      }
    });
    for (LoadedFile file : files) {
      file.spec().fields().forEach((name, spec) -> {
        Site site = new Site(file.path(), file.locator(), "fields", name);
        FieldBinding binding = compileField(site, name, spec, entities);
        if (binding == null) {
          return;
        }
        FieldBinding previous = fields.putIfAbsent(binding.coordinates(), binding);
        if (previous instanceof FieldBinding.Java java) {
          site.problem(problems, name + " is also resolved by the Java resolver " + java.resolverClass()
              + "; keep one of the two");
        } else if (previous != null) {
          site.problem(problems, name + " is bound twice (another binding file binds it too); keep one");
        }
      });
    }
    return fields;
  }

  private FieldBinding compileField(Site site, String name, FieldSpec spec, Map<String, EntityBinding> entities) {
    String[] parts = name.split("\\.", -1);
    if (parts.length != 2) {
      site.problem(problems, "a field binding is named Type.field, e.g. Query.user");
      return null;
    }
    if (!(schema.getType(parts[0]) instanceof GraphQLObjectType parent)) {
      site.problem(problems, "the schema has no object type '" + parts[0] + "'; check the spelling or add "
          + "the type to a schema/*.graphqls file");
      return null;
    }
    GraphQLFieldDefinition field = parent.getFieldDefinition(parts[1]);
    if (field == null) {
      site.problem(problems, "type " + parts[0] + " has no field '" + parts[1] + "'; its fields are "
          + parent.getFieldDefinitions().stream().map(GraphQLFieldDefinition::getName).collect(Collectors.joining(", ")));
      return null;
    }
    if (spec == null) {
      site.problem(problems, "the binding is empty; give get:/post:/…, from: or entity:");
      return null;
    }
    FieldCoordinates coords = FieldCoordinates.coordinates(parent, field);
    Map<String, String> methods = new TreeMap<>();
    putIfSet(methods, "GET", spec.get());
    putIfSet(methods, "POST", spec.post());
    putIfSet(methods, "PUT", spec.put());
    putIfSet(methods, "PATCH", spec.patch());
    putIfSet(methods, "DELETE", spec.delete());
    int modes = methods.size() + (spec.rpc() != null ? 1 : 0) + (spec.from() != null ? 1 : 0)
        + (spec.entity() != null ? 1 : 0);
    if (modes != 1) {
      site.problem(problems, "give exactly one of get:, post:, put:, patch:, delete: (a REST call), rpc: (a gRPC "
          + "method), from: (a value of the parent object) or entity: (a lookup by key)");
      return null;
    }
    if (spec.from() != null) {
      return compileFrom(site, coords, spec);
    }
    if (spec.entity() != null) {
      return compileEntityLookup(site, coords, parent, field, spec, entities);
    }
    if (!checkBackend(site, spec.backend())) {
      return null;
    }
    CallTemplate call;
    if (spec.rpc() != null) {
      call = compileRpc(site, spec.backend(), spec.rpc(), spec.request(), spec.select(),
          parent != schema.getMutationType());
    } else {
      Map.Entry<String, String> method = methods.entrySet().iterator().next();
      if (parent == schema.getMutationType() && "GET".equals(method.getKey())) {
        site.problem(problems, "a mutation must not be a GET; bind it to post:, put:, patch: or delete:");
        return null;
      }
      call = checkProtocol(site, spec.backend(), false)
          ? compileCall(site, method.getKey(), method.getValue(), spec.query(), spec.body(), spec.select()) : null;
    }
    return call == null ? null : compileBackendCall(site, coords, parent, field, spec, call, entities);
  }

  private FieldBinding compileFrom(Site site, FieldCoordinates coords, FieldSpec spec) {
    if (spec.backend() != null || spec.select() != null || spec.query() != null || spec.body() != null) {
      site.problem(problems, "from: takes the value from the parent object; drop backend/select/query/body");
      return null;
    }
    try {
      return new FieldBinding.FromSource(coords, Selector.compile(spec.from()));
    } catch (IllegalArgumentException e) {
      site.problem(problems, e.getMessage(), "from");
      return null;
    }
  }

  private FieldBinding compileEntityLookup(Site site, FieldCoordinates coords, GraphQLObjectType parent,
                                           GraphQLFieldDefinition field, FieldSpec spec,
                                           Map<String, EntityBinding> entities) {
    EntityBinding entity = entities.get(spec.entity());
    if (entity == null) {
      site.problem(problems, "no entity '" + spec.entity() + "' is declared under entities:", "entity");
      return null;
    }
    if (!entity.type().equals(namedTypeOf(field.getType()))) {
      site.problem(problems, "the field's type is " + GraphQLTypeUtil.simplePrint(field.getType())
          + " but entity " + spec.entity() + " loads " + entity.type(), "entity");
      return null;
    }
    if (spec.key() == null) {
      site.problem(problems, "an entity lookup needs key:, e.g. key: \"{args.id}\"");
      return null;
    }
    StringTemplate key = compileTemplate(site, spec.key(), "key");
    if (key == null || !checkExpressions(site, key.expressions(), parent, field, null)) {
      return null;
    }
    return new FieldBinding.EntityByKey(coords, entity.type(), key);
  }

  private FieldBinding compileBackendCall(Site site, FieldCoordinates coords, GraphQLObjectType parent,
                                          GraphQLFieldDefinition field, FieldSpec spec, CallTemplate call,
                                          Map<String, EntityBinding> entities) {
    if (!checkExpressions(site, call.expressions(), parent, field, backends.get(spec.backend()))) {
      return null;
    }
    if (spec.keysOf() != null) {
      EntityBinding entity = entities.get(spec.keysOf());
      if (entity == null || !entity.type().equals(namedTypeOf(field.getType()))
          || !GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(field.getType()))) {
        site.problem(problems, "keysOf must name a declared entity whose type is the field's list type ("
            + GraphQLTypeUtil.simplePrint(field.getType()) + ")", "keysOf");
        return null;
      }
    }
    boolean notFoundAsNull;
    if (spec.notFound() == null) {
      notFoundAsNull = call.isRead();
    } else if ("null".equals(spec.notFound()) || "error".equals(spec.notFound())) {
      notFoundAsNull = "null".equals(spec.notFound());
    } else {
      site.problem(problems, "must be null (a 404 or NOT_FOUND makes the field null) or error (it is an error)",
          "notFound");
      return null;
    }
    Map<String, StringTemplate> known = compileKnown(site, parent, field, spec.known());
    if (known == null) {
      return null;
    }
    return new FieldBinding.Call(coords, spec.backend(), call, notFoundAsNull, spec.keysOf(), known);
  }

  private Map<String, StringTemplate> compileKnown(Site site, GraphQLObjectType parent, GraphQLFieldDefinition field,
                                                   Map<String, String> spec) {
    Map<String, StringTemplate> known = new LinkedHashMap<>();
    if (spec == null) {
      return known;
    }
    GraphQLType resultType = schema.getType(namedTypeOf(field.getType()));
    for (Map.Entry<String, String> e : spec.entrySet()) {
      if (!(resultType instanceof GraphQLObjectType obj) || obj.getFieldDefinition(e.getKey()) == null) {
        site.problem(problems, "'" + e.getKey() + "' is not a field of " + namedTypeOf(field.getType()), "known");
        return null;
      }
      StringTemplate t = compileTemplate(site, e.getValue(), "known");
      if (t == null || !checkExpressions(site, t.expressions(), parent, field, null)) {
        return null;
      }
      if (t.expressions().stream().anyMatch(x -> x.root() != Expression.Root.ARGS && x.root() != Expression.Root.CLAIMS)) {
        site.problem(problems, "known values come from the field's arguments or the caller's claims, e.g. "
            + "id: \"{args.id}\"", "known");
        return null;
      }
      known.put(e.getKey(), t);
    }
    return known;
  }

  private HttpCall compileCall(Site site, String method, String path, Map<String, String> query, Object body,
                               String select) {
    if (!path.startsWith("/")) {
      site.problem(problems, "the path must start with '/', e.g. /users/{args.id}", method.toLowerCase(java.util.Locale.ROOT));
      return null;
    }
    StringTemplate pathTemplate = compileTemplate(site, path, method.toLowerCase(java.util.Locale.ROOT));
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

  private RpcCall compileRpc(Site site, String backend, String rpc, Object request, String select, boolean read) {
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
    String unknown = ProtoFields.firstUnknown(method.getInputType(), request);
    if (unknown != null) {
      site.problem(problems, unknown, "request");
      return null;
    }
    try {
      BodyTemplate template = request == null ? null : BodyTemplate.compile(request);
      return new RpcCall(method, template, Selector.compile(select), read);
    } catch (IllegalArgumentException e) {
      site.problem(problems, e.getMessage(), request != null ? "request" : "select");
      return null;
    }
  }

  /** REST bindings need a REST backend and gRPC bindings a gRPC one. */
  private boolean checkProtocol(Site site, String backend, boolean grpc) {
    if (backends.get(backend).isGrpc() == grpc) {
      return true;
    }
    site.problem(problems, grpc ? "rpc: needs a gRPC backend (grpc: host:port); '" + backend + "' is REST"
        : "'" + backend + "' is a gRPC backend; bind it with rpc: package.Service/Method and request:", "backend");
    return false;
  }

  private StringTemplate compileTemplate(Site site, String text, String... key) {
    try {
      return StringTemplate.compile(text);
    } catch (IllegalArgumentException e) {
      site.problem(problems, e.getMessage(), key);
      return null;
    }
  }

  /** Every placeholder must name something that will exist at run time. */
  private boolean checkExpressions(Site site, List<Expression> expressions, GraphQLObjectType parent,
                                   GraphQLFieldDefinition field, BackendConfig backend) {
    for (Expression e : expressions) {
      String problem = switch (e.root()) {
        case ARGS -> field.getArgument(e.path().get(0)) == null
            ? e + ": " + parent.getName() + "." + field.getName() + " has no argument '" + e.path().get(0) + "'"
            + argumentsHint(field) : null;
        case SOURCE -> sourceProblem(e, parent);
        case HEADERS -> backend == null || !backend.forwardHeaders().contains(e.path().get(0).toLowerCase(java.util.Locale.ROOT))
            ? e + ": only headers listed in the backend's forwardHeaders can be used; add '" + e.path().get(0)
            + "' there" : null;
        case CLAIMS -> null; // any claim of the caller's token; absent claims render as missing values
        case KEYS -> e + " is only available in entities: batch calls";
      };
      if (problem != null) {
        site.problem(problems, problem);
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
    return e + ": type " + parent.getName() + " has no field '" + e.path().get(0) + "'";
  }

  private static String argumentsHint(GraphQLFieldDefinition field) {
    if (field.getArguments().isEmpty()) {
      return " (it takes no arguments)";
    }
    return " (its arguments: " + field.getArguments().stream().map(a -> a.getName()).collect(Collectors.joining(", ")) + ")";
  }

  private boolean checkBackend(Site site, String backend) {
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

  void checkEveryRootFieldIsBound(Map<FieldCoordinates, FieldBinding> fields) {
    for (GraphQLObjectType root : new GraphQLObjectType[] {schema.getQueryType(), schema.getMutationType()}) {
      if (root == null) {
        continue;
      }
      for (GraphQLFieldDefinition field : root.getFieldDefinitions()) {
        if (!fields.containsKey(FieldCoordinates.coordinates(root, field))) {
          problems.add(root.getName() + "." + field.getName() + " (schema) has no binding; add one under "
              + "fields: in a resolvers/*.yaml file, e.g. \"" + root.getName() + "." + field.getName()
              + "\": { backend: …, get: /… }");
        }
      }
    }
  }

  private static String namedTypeOf(GraphQLType type) {
    return ((GraphQLNamedType) GraphQLTypeUtil.unwrapAll(type)).getName();
  }

  private static void putIfSet(Map<String, String> methods, String method, String path) {
    if (path != null) {
      methods.put(method, path);
    }
  }
}
