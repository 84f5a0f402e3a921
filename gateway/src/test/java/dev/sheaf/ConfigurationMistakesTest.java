package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mistakes a team makes when it first binds its service, each alone in an otherwise good copy of
 * the sample configuration: {@code --check} exits 1 and the message names the file, the line of the
 * mistake and the fix.
 */
class ConfigurationMistakesTest {

  @TempDir
  Path dir;

  @Test
  void aTimeoutWithoutItsUnitIsRefusedNamingTheForms() throws IOException {
    String log = refusedBindings(yaml -> yaml.replace("    timeout: 500ms\n", "    timeout: 500\n"));

    assertThat(log).contains("shop.yaml:19: backends.catalog.timeout: '500' has no unit; write 500ms or 500s");
  }

  @Test
  void anEntityKeyWrittenAsInTheProtoIsRefusedNamingTheReplysName() throws IOException {
    String log = refusedBindings(yaml -> yaml.replace("    key: productId\n", "    key: product_id\n"));

    assertThat(log).contains("inventory.yaml:16: entities.Stock.key: 'product_id' is the .proto name of the field;"
        + " replies are read in lowerCamelCase: key: productId")
        .as("Product.stock uses the refused entity: no second problem").doesNotContain("no entity", "2 problems");
  }

  @Test
  void aGrpcSelectThatTheReplyLacksIsRefusedNamingItsFields() throws IOException {
    String log = refusedBindings(yaml -> yaml.replace("    select: items\n", "    select: item\n"));

    assertThat(log).contains("inventory.yaml:19: entities.Stock.select: 'item': inventory.v1.StockReply has no"
        + " field 'item'. Did you mean 'items'?")
        .doesNotContain("no entity", "2 problems");
  }

  @Test
  void keysSentInASingleValuedRequestFieldAreRefused() throws IOException {
    String log = refused(sdl -> sdl, yaml -> yaml.replace("request: { product_ids: \"{keys}\" }",
        "request: { product_ids: \"{keys}\", product_id: \"{keys}\" }"), proto -> proto.replace(
        "  repeated string product_ids = 1;\n", "  repeated string product_ids = 1;\n  string product_id = 2;\n"));

    assertThat(log).contains("inventory.yaml:18: entities.Stock.request: 'product_id' of inventory.v1.StockRequest"
        + " holds one value, but {keys} is the batch's list of keys; put it in a repeated field");
  }

  @Test
  void anEntityLookupOnAListFieldIsRefusedPointingAtKeysOf() throws IOException {
    String log = refused(sdl -> sdl.replace("  quote(productIds: [ID!]!): Quote\n",
            "  quote(productIds: [ID!]!): Quote\n  products(ids: [ID!]!): [Product]\n"),
        yaml -> yaml.replace("  Query.product:\n", "  Query.products:\n    entity: Product\n    key: \"{args.ids}\"\n"
            + "  Query.product:\n"));

    assertThat(log).contains("shop.yaml:46: fields.Query.products.entity: an entity lookup yields one object, and"
        + " Query.products is a list ([Product])")
        .contains("keysOf: Product")
        .doesNotContain("has no binding");
  }

  @Test
  void anUnknownTypeInTheSchemaIsRefusedAtItsLineWithTheClosestType() throws IOException {
    String log = refusedSchema(sdl -> sdl.replace("  stock: Stock\n", "  stock: Stok\n"));

    assertThat(log).contains("inventory.graphqls:6: the type 'Stok' is defined in no schema file. Did you mean"
        + " 'Stock'?");
  }

  @Test
  void anUnboundMutationIsRefusedAtItsSchemaLineSuggestingPost() throws IOException {
    String log = refusedBindings(yaml -> yaml.replace("  Mutation.cancelOrder:\n    backend: orders\n"
        + "    delete: /orders/{args.orderId}\n", ""));

    assertThat(log).contains("shop.graphqls:21: Mutation.cancelOrder has no binding;")
        .contains("\"Mutation.cancelOrder\": { backend: …, post: /… }");
  }

  @Test
  void aYamlIndentationSlipIsRefusedAtItsLineSayingWhatWasExpected() throws IOException {
    String log = refusedBindings(yaml -> yaml.replace("    timeout: 500ms\n", "   timeout: 500ms\n"));

    assertThat(log).contains("shop.yaml:19: not valid YAML: 'timeout: 500ms' is indented 3 spaces, which lines it up"
        + " with no key above it").contains("indent it exactly as the keys it belongs with")
        .doesNotContain("line 6, column 3");
  }

  @Test
  void aKeyIndentedLessThanItsSiblingsIsRefusedAtItsLine() throws IOException {
    String log = refusedBindings(yaml -> yaml.replace("    select: orders\n", "   select: orders\n"));

    assertThat(log).contains("shop.yaml:56: not valid YAML: 'select: orders' is indented 3 spaces");
  }

  @Test
  void aSourceFieldThatTheParentLacksIsRefusedListingItsFields() throws IOException {
    String log = refusedBindings(yaml -> yaml.replace("get: /users/{source.id}/orders", "get: /users/{source.userId}/orders"));

    assertThat(log).contains("shop.yaml:54: fields.User.orders: {source.userId}: type User has no field 'userId'.")
        .contains("Its fields, closest first: id,");
  }

  @Test
  void anUndeclaredEntityIsRefusedListingTheDeclaredOnesAndNothingElse() throws IOException {
    String log = refusedBindings(yaml -> yaml.replace("    entity: Product\n", "    entity: Prodcut\n"));

    assertThat(log).contains("shop.yaml:46: fields.Query.product.entity: no entity 'Prodcut' is declared under"
        + " entities:. Did you mean 'Product'? Declared entities, closest first: Product, Stock")
        .as("the refused binding is the one problem").doesNotContain("has no binding");
  }

  /** Checks the sample schema with the edited sample bindings; returns the log of the refusal. */
  private String refusedBindings(UnaryOperator<String> edit) throws IOException {
    return refused(sdl -> sdl, edit);
  }

  private String refusedSchema(UnaryOperator<String> edit) throws IOException {
    return refused(edit, yaml -> yaml);
  }

  private String refused(UnaryOperator<String> schemaEdit, UnaryOperator<String> bindingsEdit) throws IOException {
    return refused(schemaEdit, bindingsEdit, proto -> proto);
  }

  private String refused(UnaryOperator<String> schemaEdit, UnaryOperator<String> bindingsEdit,
                         UnaryOperator<String> protoEdit) throws IOException {
    Path schema = Files.createDirectories(dir.resolve("schema"));
    Path resolvers = Files.createDirectories(dir.resolve("resolvers"));
    TestGateway.copySampleSchema(schema, schemaEdit);
    Path proto = schema.resolve("protos/inventory/v1/inventory.proto");
    Files.writeString(proto, protoEdit.apply(Files.readString(proto)));
    TestGateway.copySampleResolvers(resolvers, bindingsEdit);
    try (CapturedLog log = new CapturedLog()) {
      int status = Main.check(new String[] {"--check", "--log-format=text", "--schema=" + schema, "--resolvers=" + resolvers},
          Main.Prelude.NONE, Map.of());

      assertThat(status).as(log.text()).isEqualTo(1);
      return log.text();
    }
  }
}
