package dev.sheaf.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The build's class-data archive loads under the JVM flags the README recommends: a flag the
 * training start did not have (a collector, say) would make the JVM print "Unable to use shared
 * archive" and start slower without a word elsewhere.
 */
class ClassDataArchiveTest {

  private static final List<String> RECOMMENDED = List.of("-Xms256m", "-Xmx256m", "-XX:+UseSerialGC",
      "-XX:+ExitOnOutOfMemoryError");

  @Test
  void archiveIsMappedUnderTheRecommendedFlags() throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("sheaf.release.jar", "../gateway/target/sheaf.jar")).toAbsolutePath().normalize();
    Path root = jar.getParent().getParent().getParent();
    assumeTrue(Files.exists(jar.resolveSibling("sheaf.jsa")), "the build made no archive (-Dsheaf.cds.skip)");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(RECOMMENDED);
    // From the root, with the README's own relative paths: the archive records the jar's path.
    command.add("-XX:SharedArchiveFile=gateway/target/sheaf.jsa");
    command.add("-Xlog:cds");
    command.add("-jar");
    command.add("gateway/target/sheaf.jar");
    command.add("--help");

    Process java = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
    String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(output).doesNotContain("Unable to use shared archive").contains("Mapped dynamic region");
    assertThat(java.exitValue()).isZero();
  }
}
