package dev.sheaf.binding;

import dev.sheaf.binding.BindingFileSpec.EntitySpec;
import dev.sheaf.binding.BindingLoader.LoadedFile;
import dev.sheaf.config.ConfigProblems;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compiles entity specs: the batch calls that load objects of a type by their keys. */
record EntityBindingCompiler(GraphQLSchema schema, CallCompiler calls, ConfigProblems problems) {

  Map<String, EntityBinding> compileEntities(List<LoadedFile> files) {
    Map<String, EntityBinding> entities = new LinkedHashMap<>();
    for (LoadedFile file : files) {
      file.spec().entities().forEach((type, spec) -> {
        SpecSite site = new SpecSite(file.path(), file.locator(), "entities", type);
        EntityBinding entity = compileEntity(site, type, spec);
        if (entity != null && entities.putIfAbsent(type, entity) != null) {
          site.problem(problems, "entity '" + type + "' is already declared in another binding file");
        }
      });
    }
    return entities;
  }

  private EntityBinding compileEntity(SpecSite site, String type, EntitySpec spec) {
    if (!(schema.getType(type) instanceof GraphQLObjectType)) {
      site.problem(problems, "the schema has no object type '" + type + "'; entities are object types");
      return null;
    }
    if (spec == null || spec.key() == null || spec.key().isBlank()) {
      site.problem(problems, "key must name the field each returned object is matched by, e.g. key: id", "key");
      return null;
    }
    if (!calls.checkBackend(site, spec.backend())) {
      return null;
    }
    int ways = (spec.get() != null ? 1 : 0) + (spec.post() != null ? 1 : 0) + (spec.rpc() != null ? 1 : 0);
    if (ways != 1) {
      site.problem(problems, "an entity needs exactly one of get:, post: or rpc:, e.g. get: /products");
      return null;
    }
    CallTemplate call;
    if (spec.rpc() != null) {
      call = calls.compileRpc(site, spec.backend(), spec.rpc(), spec.request(), spec.select(), true);
    } else {
      String method = spec.get() != null ? "GET" : "POST";
      call = calls.compileRest(site, spec.backend(), method, spec.get() != null ? spec.get() : spec.post(),
          spec.query(), spec.body(), spec.select());
    }
    if (call == null || (call instanceof RpcCall rpc && !calls.checkEntityKey(site, spec.backend(), rpc, spec.key()))) {
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
}
