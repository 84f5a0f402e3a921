package dev.sheaf.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.TestGateway;
import dev.sheaf.config.GatewayConfig;
import graphql.schema.diff.DiffLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A schema change compared with the configuration that runs now: the sample's schema, then an edited copy. */
class SchemaCompatibilityTest {

  private static final Path PREVIOUS = Path.of(".");  // the repository root holds the sample's schema/

  @TempDir
  Path current;

  @Test
  void removingAFieldAnOperationUsesIsBreakingAndNamesItsEndpoint() throws IOException {
    CompatibilityReport report = compareWithSample(sdl -> sdl.replace("  price: Float!\n", ""));

    assertThat(report.breaking()).isTrue();
    assertThat(report.exitStatus()).isEqualTo(2);
    assertThat(report.changes()).filteredOn(SchemaChange::breaking).extracting(SchemaChange::coordinate)
        .containsExactly("Product.price");
    assertThat(report.broken()).extracting(BrokenOperation::origin)
        .anyMatch(origin -> origin.endsWith("product.graphql"));
    String text = String.join("\n", report.lines());
    assertThat(text)
        .contains("breaking   removed       Product.price:")
        .contains("product.graphql")
        .contains("Field 'price' in type 'Product' is undefined")
        .contains("breaks endpoint \"GET /api/v1/products/{productId}\" (resolvers/endpoints.yaml:");
  }

  @Test
  void addingAFieldIsNotBreaking() throws IOException {
    CompatibilityReport report = compareWithSample(sdl -> sdl.replace("  price: Float!\n",
        "  price: Float!\n  weight: Float\n"));

    assertThat(report.breaking()).isFalse();
    assertThat(report.exitStatus()).isZero();
    assertThat(report.broken()).isEmpty();
    assertThat(report.changes()).noneMatch(SchemaChange::breaking);
    assertThat(report.lines().get(0)).contains("compatible");
  }

  @Test
  void changingAFieldsTypeIncompatiblyIsBreaking() throws IOException {
    CompatibilityReport report = compareWithSample(sdl -> sdl.replace("  price: Float!\n", "  price: String!\n"));

    assertThat(report.exitStatus()).isEqualTo(2);
    assertThat(report.changes()).filteredOn(SchemaChange::breaking)
        .singleElement().satisfies(change -> assertThat(change.coordinate()).isEqualTo("Product.price"));
    // Selecting a scalar still validates, whatever its type: no operation is broken, the clients' data is.
    assertThat(report.broken()).isEmpty();
  }

  @Test
  void addingAnEnumValueIsDangerousButNotBreaking() throws IOException {
    CompatibilityReport report = compareWithSample(sdl -> sdl.replace("  GOLD\n", "  GOLD\n  PLATINUM\n"));

    assertThat(report.exitStatus()).isZero();
    assertThat(report.changes()).extracting(SchemaChange::level).containsExactly(DiffLevel.DANGEROUS);
    assertThat(report.lines().get(1)).startsWith("  dangerous  added         Tier");
  }

  @Test
  void thePreviousSchemaMayBeGivenAsItsFolder() throws IOException {
    CompatibilityReport report = compareWithSample(sdl -> sdl, PREVIOUS.resolve("schema"));

    assertThat(report.changes()).isEmpty();
    assertThat(report.exitStatus()).isZero();
  }

  private CompatibilityReport compareWithSample(UnaryOperator<String> edit) throws IOException {
    return compareWithSample(edit, PREVIOUS);
  }

  private CompatibilityReport compareWithSample(UnaryOperator<String> edit, Path previous) throws IOException {
    Path schema = Files.createDirectories(current.resolve("schema"));
    TestGateway.copySampleSchema(schema, edit);
    GatewayConfig config = GatewayConfig.defaults().withDirs(schema, TestGateway.RESOLVERS);
    return new SchemaCompatibility(config, Map.of()).against(previous);
  }
}
