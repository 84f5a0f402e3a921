package dev.sheaf.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The release jar is the gateway alone: nothing of the sample shop, its mocks, the demo or perf/. */
class ReleaseJarTest {

  private static List<String> entries() throws IOException {
    Path jar = Path.of(System.getProperty("sheaf.release.jar", "../gateway/target/sheaf.jar"));
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(ZipEntry::getName).toList();
    }
  }

  @Test
  void holdsTheGatewayAndTheSpiButNoClassOfTheSampleMocksDemoOrPerf() throws IOException {
    List<String> entries = entries();

    assertThat(entries).contains("dev/sheaf/Main.class", "dev/sheaf/Sheaf.class", "dev/sheaf/spi/FieldResolver.class");
    assertThat(entries).noneMatch(e -> e.startsWith("dev/sheaf/mock/") || e.startsWith("dev/sheaf/sample/")
        || e.startsWith("dev/sheaf/demo/") || e.startsWith("dev/sheaf/perf/"));
    assertThat(entries).doesNotContain("META-INF/services/dev.sheaf.spi.FieldResolver");
  }
}
