package dev.sheaf.graphql;

import dev.sheaf.config.ConfigProblems;
import dev.sheaf.config.Suggestions;
import graphql.language.Node;
import graphql.language.NodeTraverser;
import graphql.language.NodeVisitorStub;
import graphql.language.SourceLocation;
import graphql.language.TypeName;
import graphql.schema.idl.ScalarInfo;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every type a schema file names (field, argument and input types, interfaces, union members,
 * roots) must be defined in some file. graphql-java reports a missing one at the type that uses it,
 * without the file; this names the file, the line of the name itself and the closest defined types.
 */
final class TypeReferences {

  private TypeReferences() {
  }

  static void check(TypeDefinitionRegistry registry, ConfigProblems problems) {
    Set<String> defined = new TreeSet<>(registry.types().keySet());
    defined.addAll(registry.scalars().keySet());
    defined.addAll(ScalarInfo.GRAPHQL_SPECIFICATION_SCALARS_DEFINITIONS.keySet());
    new NodeTraverser().preOrder(new NodeVisitorStub() {
      @Override
      public TraversalControl visitTypeName(TypeName name, TraverserContext<Node> context) {
        if (!defined.contains(name.getName())) {
          report(name, defined, problems);
        }
        return TraversalControl.CONTINUE;
      }
    }, definitions(registry));
  }

  private static void report(TypeName name, Set<String> defined, ConfigProblems problems) {
    String message = "the type '" + name.getName() + "' is defined in no schema file."
        + Suggestions.didYouMean(name.getName(), defined) + " Defined types, closest first: "
        + Suggestions.listClosestFirst(name.getName(), defined.stream()
            .filter(t -> !ScalarInfo.isGraphqlSpecifiedScalar(t) || t.equals("ID")).toList());
    SourceLocation at = name.getSourceLocation();
    if (at == null || at.getSourceName() == null) {
      problems.add("schema: " + message);
    } else {
      problems.add(Path.of(at.getSourceName()), at.getLine(), null, message);
    }
  }

  private static List<Node> definitions(TypeDefinitionRegistry registry) {
    List<Node> nodes = new ArrayList<>(registry.types().values());
    nodes.addAll(registry.getDirectiveDefinitions().values());
    registry.schemaDefinition().ifPresent(nodes::add);
    nodes.addAll(registry.getSchemaExtensionDefinitions());
    for (Map<String, ? extends List<? extends Node>> extensions : List.of(registry.objectTypeExtensions(),
        registry.interfaceTypeExtensions(), registry.unionTypeExtensions(), registry.inputObjectTypeExtensions())) {
      extensions.values().forEach(nodes::addAll);
    }
    return nodes;
  }
}
