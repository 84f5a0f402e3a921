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

  /** Checks the sample schema with the edited sample bindings; returns the log of the refusal. */
  private String refusedBindings(UnaryOperator<String> edit) throws IOException {
    return refused(sdl -> sdl, edit);
  }

  private String refusedSchema(UnaryOperator<String> edit) throws IOException {
    return refused(edit, yaml -> yaml);
  }

  private String refused(UnaryOperator<String> schemaEdit, UnaryOperator<String> bindingsEdit) throws IOException {
    Path schema = Files.createDirectories(dir.resolve("schema"));
    Path resolvers = Files.createDirectories(dir.resolve("resolvers"));
    TestGateway.copySampleSchema(schema, schemaEdit);
    TestGateway.copySampleResolvers(resolvers, bindingsEdit);
    try (CapturedLog log = new CapturedLog()) {
      int status = Main.check(new String[] {"--check", "--schema=" + schema, "--resolvers=" + resolvers},
          Main.Prelude.NONE, Map.of());

      assertThat(status).as(log.text()).isEqualTo(1);
      return log.text();
    }
  }
}
