package dev.sheaf.binding;

import dev.sheaf.binding.BindingFileSpec.FieldSpec;
import dev.sheaf.binding.BindingLoader.LoadedFile;
import dev.sheaf.config.ConfigProblems;
import dev.sheaf.config.Suggestions;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.language.SourceLocation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compiles field specs (backend calls, values of the parent object, entity lookups) against the schema.
 *
 * @param refusedEntities entities declared but refused: a field using one is reported there, not again
 */
record FieldBindingCompiler(GraphQLSchema schema, CallCompiler calls, ConfigProblems problems,
                            Set<String> refusedEntities) {

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
        SpecSite site = new SpecSite(file.path(), file.locator(), "fields", name);
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
    checkInvalidatedRoutes(files, fields, entities);
    return fields;
  }

  private FieldBinding compileField(SpecSite site, String name, FieldSpec spec,
                                    Map<String, EntityBinding> entities) {
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
    if (spec.fallback() != null && (spec.from() != null || spec.entity() != null)) {
      site.problem(problems, "fallback: is for fields bound to a backend call (get:, rpc:, …); a from: or "
          + "entity: field has its own", "fallback");
      return null;
    }
    if (spec.from() != null) {
      return compileFrom(site, coords, spec);
    }
    if (spec.entity() != null) {
      return compileEntityLookup(site, coords, parent, field, spec, entities);
    }
    if (!calls.checkBackend(site, spec.backend())) {
      return null;
    }
    CallTemplate call;
    if (spec.rpc() != null) {
      call = calls.compileRpc(site, spec.backend(), spec.rpc(), spec.request(), spec.select(),
          parent != schema.getMutationType());
    } else {
      Map.Entry<String, String> method = methods.entrySet().iterator().next();
      if (parent == schema.getMutationType() && "GET".equals(method.getKey())) {
        site.problem(problems, "a mutation must not be a GET; bind it to post:, put:, patch: or delete:");
        return null;
      }
      call = calls.compileRest(site, spec.backend(), method.getKey(), method.getValue(), spec.query(), spec.body(),
          spec.select());
    }
    return call == null ? null : compileBackendCall(site, coords, parent, field, spec, call, entities);
  }

  private FieldBinding compileFrom(SpecSite site, FieldCoordinates coords, FieldSpec spec) {
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

  private FieldBinding compileEntityLookup(SpecSite site, FieldCoordinates coords, GraphQLObjectType parent,
                                           GraphQLFieldDefinition field, FieldSpec spec,
                                           Map<String, EntityBinding> entities) {
    EntityBinding entity = entities.get(spec.entity());
    if (entity == null && refusedEntities.contains(spec.entity())) {
      return null;
    }
    if (entity == null) {
      site.problem(problems, "no entity '" + spec.entity() + "' is declared under entities:."
          + Suggestions.didYouMean(spec.entity(), entities.keySet()) + (entities.isEmpty() ? " None is declared"
          : " Declared entities, closest first: " + Suggestions.listClosestFirst(spec.entity(), entities.keySet())),
          "entity");
      return null;
    }
    if (!entity.type().equals(namedTypeOf(field.getType()))) {
      site.problem(problems, "the field's type is " + GraphQLTypeUtil.simplePrint(field.getType())
          + " but entity " + spec.entity() + " loads " + entity.type(), "entity");
      return null;
    }
    if (GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(field.getType()))) {
      site.problem(problems, "an entity lookup yields one object, and " + parent.getName() + "." + field.getName()
          + " is a list (" + GraphQLTypeUtil.simplePrint(field.getType()) + "): bind it to a call that answers the "
          + "keys, with keysOf: " + spec.entity() + " (the entities load in one batch, in the keys' order), or to a "
          + "call that answers the objects themselves", "entity");
      return null;
    }
    if (spec.key() == null) {
      site.problem(problems, "an entity lookup needs key:, e.g. key: \"{args.id}\"");
      return null;
    }
    StringTemplate key = calls.compileTemplate(site, spec.key(), "key");
    if (key == null || !calls.checkExpressions(site, key.expressions(), parent, field, null)) {
      return null;
    }
    return new FieldBinding.EntityByKey(coords, entity.type(), key);
  }

  private FieldBinding compileBackendCall(SpecSite site, FieldCoordinates coords, GraphQLObjectType parent,
                                          GraphQLFieldDefinition field, FieldSpec spec, CallTemplate call,
                                          Map<String, EntityBinding> entities) {
    if (!calls.checkExpressions(site, call.expressions(), parent, field, spec.backend())) {
      return null;
    }
    if (spec.keysOf() != null) {
      EntityBinding entity = entities.get(spec.keysOf());
      if (entity == null && refusedEntities.contains(spec.keysOf())) {
        return null;
      }
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
    Fallback fallback = null;
    if (spec.fallback() != null) {
      fallback = FallbackCompiler.compile(site, problems, spec.fallback(), field, call, spec.keysOf() != null);
      if (fallback == null) {
        return null;
      }
    }
    if (spec.invalidates() != null && !checkInvalidates(site, parent, spec.invalidates(), entities)) {
      return null;
    }
    return new FieldBinding.Call(coords, spec.backend(), call, notFoundAsNull, spec.keysOf(), known, fallback,
        spec.invalidates());
  }

  /**
   * A mutation may name the entity types and read calls its success makes stale; reads change
   * nothing. Read calls are checked once every binding is compiled ({@link #checkInvalidatedRoutes}).
   */
  private boolean checkInvalidates(SpecSite site, GraphQLObjectType parent, List<String> names,
                                   Map<String, EntityBinding> entities) {
    if (parent != schema.getMutationType()) {
      site.problem(problems, "only a mutation changes what is cached; drop invalidates: from a read", "invalidates");
      return false;
    }
    for (String name : names) {
      if (name == null || name.isBlank()) {
        site.problem(problems, "'" + name + "' is neither a declared entity (" + String.join(", ", entities.keySet())
            + ") nor a read call as bound, e.g. \"GET /users/{args.id}\"", "invalidates");
        return false;
      }
    }
    return true;
  }

  /** Every read call a mutation invalidates must be one some binding makes; reported at the mutation's binding. */
  private void checkInvalidatedRoutes(List<LoadedFile> files, Map<FieldCoordinates, FieldBinding> fields,
                                      Map<String, EntityBinding> entities) {
    Set<String> reads = new TreeSet<>();
    fields.values().forEach(f -> {
      if (f instanceof FieldBinding.Call call && call.call().isRead()) {
        reads.add(call.call().route());
      }
    });
    entities.values().forEach(e -> reads.add(e.call().route()));
    for (LoadedFile file : files) {
      file.spec().fields().forEach((name, spec) -> {
        if (spec == null || spec.invalidates() == null) {
          return;
        }
        SpecSite site = new SpecSite(file.path(), file.locator(), "fields", name);
        spec.invalidates().stream().filter(n -> n != null && !entities.containsKey(n) && !reads.contains(n))
            .forEach(n -> site.problem(problems, "'" + n + "' is neither a declared entity nor a read call some "
                + "binding makes; those are: " + String.join(", ", entities.keySet())
                + (entities.isEmpty() ? "" : ", ") + String.join(", ", reads), "invalidates"));
      });
    }
  }

  private Map<String, StringTemplate> compileKnown(SpecSite site, GraphQLObjectType parent,
                                                   GraphQLFieldDefinition field, Map<String, String> spec) {
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
      StringTemplate t = calls.compileTemplate(site, e.getValue(), "known");
      if (t == null || !calls.checkExpressions(site, t.expressions(), parent, field, null)) {
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

  /**
   * Every root field needs a binding. A field some binding file names but that was refused is
   * reported there already: a second "no binding" line would only repeat it.
   */
  void checkEveryRootFieldIsBound(Map<FieldCoordinates, FieldBinding> fields, List<LoadedFile> files) {
    Set<String> named = files.stream().flatMap(f -> f.spec().fields().keySet().stream()).collect(Collectors.toSet());
    for (GraphQLObjectType root : new GraphQLObjectType[] {schema.getQueryType(), schema.getMutationType()}) {
      if (root == null) {
        continue;
      }
      for (GraphQLFieldDefinition field : root.getFieldDefinitions()) {
        String name = root.getName() + "." + field.getName();
        if (!fields.containsKey(FieldCoordinates.coordinates(root, field)) && !named.contains(name)) {
          reportUnbound(name, field, root == schema.getMutationType());
        }
      }
    }
  }

  private void reportUnbound(String name, GraphQLFieldDefinition field, boolean mutation) {
    String message = "has no binding; add one under fields: in a resolvers/*.yaml file, e.g. \""
        + name + "\": { backend: …, " + (mutation ? "post" : "get") + ": /… }";
    // The type's place is the field's own line; the definition's starts at its description.
    SourceLocation at = field.getDefinition() == null ? null : field.getDefinition().getType().getSourceLocation();
    if (at == null || at.getSourceName() == null) {
      problems.add(name + " (schema) " + message);
    } else {
      problems.add(Path.of(at.getSourceName()), at.getLine(), null, name + " " + message);
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
