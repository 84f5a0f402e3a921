package dev.sheaf.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.binding.BindingFileSpec.BackendSpec;
import dev.sheaf.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ${NAME}} placeholders are replaced in the values of a parsed file, never in its text. */
class BindingPlaceholdersTest {

  static final String FILE = """
      # Staging points USERS_URL elsewhere; ${NOPE} in a comment means nothing.
      backends:
        users:
          url: ${USERS_URL:-http://users.internal:8080}   # ${NOPE} here neither
          pool: ${POOL:-8}
          claimHeaders:
            x-tenant: ${TENANT}
      """;

  @TempDir
  Path dir;

  private BackendSpec users(Map<String, String> env) throws IOException {
    Files.writeString(dir.resolve("team.yaml"), FILE);
    BindingLoader.Sources sources = new BindingLoader(Map.of(), env).read(dir);
    return sources.files().get(0).spec().backends().get("users");
  }

  @Test
  void aPlaceholderInACommentIsIgnored() throws IOException {
    BackendSpec users = users(Map.of("TENANT", "acme"));

    assertThat(users.url()).isEqualTo("http://users.internal:8080");
    assertThat(users.claimHeaders()).containsEntry("x-tenant", "acme");
  }

  @Test
  void anEnvironmentValueIsTakenLiterallyWhateverItHolds() throws IOException {
    String tricky = "acme # not a comment: nor a key\nforwardAuthorization: true";

    BackendSpec users = users(Map.of("TENANT", tricky, "USERS_URL", "http://users.staging:8080/#top"));

    assertThat(users.claimHeaders()).containsExactly(Map.entry("x-tenant", tricky));
    assertThat(users.forwardAuthorization()).as("the value cannot add a key").isNull();
    assertThat(users.url()).isEqualTo("http://users.staging:8080/#top");
  }

  @Test
  void aWholeValuePlaceholderIsConvertedLikeTheValueItStandsFor() throws IOException {
    assertThat(users(Map.of("TENANT", "acme", "POOL", "16")).pool()).isEqualTo(16);
    assertThat(users(Map.of("TENANT", "acme")).pool()).isEqualTo(8);
  }

  @Test
  void aMissingVariableWithoutDefaultNamesTheFileTheLineTheVariableAndTheFix() {
    assertThatThrownBy(() -> users(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("team.yaml:7")
        .hasMessageContaining("backends.users.claimHeaders.x-tenant")
        .hasMessageContaining("${TENANT} is not set")
        .hasMessageContaining("set the environment variable TENANT or give a default, e.g. ${TENANT:-value}");
  }

  @Test
  void aWrongValueFromAVariableIsRefusedWithItsLine() {
    assertThatThrownBy(() -> users(Map.of("TENANT", "acme", "POOL", "many")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("team.yaml:5")
        .hasMessageContaining("'many'")
        .hasMessageContaining("backends.users.pool");
  }
}
