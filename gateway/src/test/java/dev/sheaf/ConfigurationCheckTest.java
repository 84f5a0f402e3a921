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
 * {@code --check --against=DIR} as {@code main} runs it, up to the exit status it would exit with:
 * the sample configuration is the previous one, an edited copy of its schema the one checked.
 */
class ConfigurationCheckTest {

  @TempDir
  Path current;

  @Test
  void aRemovedFieldThatAnEndpointUsesExitsWithTwoAndNamesTheEndpoint() throws IOException {
    try (CapturedLog log = new CapturedLog()) {
      int status = check(sdl -> sdl.replace("  price: Float!\n", ""), "--against=.");

      assertThat(status).isEqualTo(2);
      assertThat(log.text())
          .contains("removed       Product.price")
          .contains("breaks endpoint \"GET /api/v1/products/{productId}\"")
          .contains("exit status 2");
    }
  }

  @Test
  void anAddedFieldPassesTheCheck() throws IOException {
    int status = check(sdl -> sdl.replace("  price: Float!\n", "  price: Float!\n  weight: Float\n"), "--against=.");

    assertThat(status).isZero();
  }

  @Test
  void withoutAPreviousConfigurationOnlyTheStartIsChecked() throws IOException {
    assertThat(check(sdl -> sdl)).isZero();
  }

  @Test
  void aPreviousConfigurationThatIsNotThereFailsTheCheck() throws IOException {
    try (CapturedLog log = new CapturedLog()) {
      int status = check(sdl -> sdl, "--against=" + current.resolve("missing"));

      assertThat(status).isEqualTo(1);
      assertThat(log.text()).contains("missing: --against names neither a configuration");
    }
  }

  @Test
  void anAgainstWithoutAFolderFailsTheCheck() {
    try (CapturedLog log = new CapturedLog()) {
      assertThat(Main.check(new String[] {"--check", "--log-format=text", "--against="}, Main.Prelude.NONE, Map.of())).isEqualTo(1);
      assertThat(log.text()).contains("--against= needs the previous configuration's folder");
    }
  }

  @Test
  void aReflectionBackendThatDoesNotRunIsReportedNotVerified() throws IOException {
    Path resolvers = resolversWithUnreachableReflection();
    try (CapturedLog log = new CapturedLog()) {
      int status = Main.check(new String[] {"--check", "--log-format=text", "--resolvers=" + resolvers}, Main.Prelude.NONE, Map.of());

      assertThat(status).isZero();
      assertThat(log.text()).contains("backend 'inventory' not verified")
          .contains("server reflection of backend 'inventory' failed");
    }
  }

  @Test
  void checkReflectionRequiresTheReflectionBackendsToAnswer() throws IOException {
    Path resolvers = resolversWithUnreachableReflection();
    try (CapturedLog log = new CapturedLog()) {
      int status = Main.check(new String[] {"--check", "--log-format=text", "--check-reflection", "--resolvers=" + resolvers},
          Main.Prelude.NONE, Map.of());

      assertThat(status).isEqualTo(1);
      assertThat(log.text()).contains("server reflection of backend 'inventory' failed")
          .doesNotContain("not verified");
    }
  }

  /** The sample's bindings, the inventory backend described by server reflection on a port nothing listens on. */
  private Path resolversWithUnreachableReflection() throws IOException {
    Path resolvers = Files.createDirectories(current.resolve("resolvers"));
    TestGateway.copySampleResolvers(resolvers, yaml -> yaml
        .replace("    tls: false\n", "    tls: false\n    descriptors: reflection\n")
        .replace("${INVENTORY_ADDRESS:-127.0.0.1:7105}", "127.0.0.1:1"));
    assertThat(Files.readString(resolvers.resolve("inventory.yaml"))).contains("descriptors: reflection");
    return resolvers;
  }

  private int check(UnaryOperator<String> edit, String... more) throws IOException {
    Path schema = Files.createDirectories(current.resolve("schema"));
    TestGateway.copySampleSchema(schema, edit);
    String[] args = new String[3 + more.length];
    args[0] = "--check";
    args[1] = "--log-format=text"; // the log as the assertions read it, wherever an earlier test left the setup
    args[2] = "--schema=" + schema;
    System.arraycopy(more, 0, args, 3, more.length);
    return Main.check(args, Main.Prelude.NONE, Map.of());
  }
}
