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
  void aPreviousConfigurationOnlyMeansSomethingToACheck() {
    try (CapturedLog log = new CapturedLog()) {
      assertThat(Main.check(new String[] {"--check", "--against="}, Main.Prelude.NONE, Map.of())).isEqualTo(1);
      assertThat(log.text()).contains("--against= needs the previous configuration's folder");
    }
  }

  private int check(UnaryOperator<String> edit, String... more) throws IOException {
    Path schema = Files.createDirectories(current.resolve("schema"));
    TestGateway.copySampleSchema(schema, edit);
    String[] args = new String[2 + more.length];
    args[0] = "--check";
    args[1] = "--schema=" + schema;
    System.arraycopy(more, 0, args, 2, more.length);
    return Main.check(args, Main.Prelude.NONE, Map.of());
  }
}
