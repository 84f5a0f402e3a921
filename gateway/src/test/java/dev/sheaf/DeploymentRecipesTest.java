package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sheaf.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kubernetes manifests and the Dockerfile parse, and name what the gateway has: its ports, the
 * probe routes it answers, a graceful stop longer than its own, the JVM flags the README recommends.
 * (Building the image needs a Docker engine; this checks what can be checked without one.)
 */
class DeploymentRecipesTest {

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass();

  private static final Path MANIFESTS = Path.of("deploy/kubernetes/sheaf.yaml");
  private static final Path DOCKERFILE = Path.of("Dockerfile");

  private static List<JsonNode> manifests() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<JsonNode> documents = new ArrayList<>();
    try (var parser = yaml.getFactory().createParser(MANIFESTS.toFile())) {
      yaml.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
    }
    return documents;
  }

  private static JsonNode ofKind(List<JsonNode> documents, String kind) {
    return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " in " + MANIFESTS));
  }

  @Test
  void deploymentProbesRoutesTheGatewayAnswersOnItsPortsAndStopsGracefully() throws IOException {
    List<JsonNode> documents = manifests();
    assertThat(documents).extracting(d -> d.path("kind").asText())
        .contains("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler");
    JsonNode pod = ofKind(documents, "Deployment").path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").get(0);

    assertThat(container.path("ports").findValuesAsText("containerPort")).containsExactly(
        String.valueOf(GatewayConfig.DEFAULT_PORT), String.valueOf(GatewayConfig.DEFAULT_ADMIN_PORT));
    for (String probe : List.of("readinessProbe", "livenessProbe")) {
      String path = container.path(probe).path("httpGet").path("path").asText();
      assertThat(container.path(probe).path("httpGet").path("port").asText()).isEqualTo("http");
      assertThat(gateway.get(path).statusCode()).as(probe + " " + path).isEqualTo(200);
    }
    assertThat(container.path("lifecycle").path("preStop").isMissingNode()).isFalse();
    assertThat(container.path("resources").path("limits").path("memory").asText()).isNotEmpty();
    long grace = GatewayConfig.defaults().shutdownGrace().toSeconds();
    assertThat(pod.path("terminationGracePeriodSeconds").asLong()).isGreaterThan(grace + 5);
    assertThat(pod.path("volumes").findValuesAsText("name")).contains("sheaf-schema", "sheaf-resolvers");
    // A Service named sheaf would inject SHEAF_PORT=tcp://…, which the gateway reads as its port.
    assertThat(pod.path("enableServiceLinks").asBoolean(true)).isFalse();
    // The admin routes are not for clients: the Service publishes the client port only.
    assertThat(ofKind(documents, "Service").path("spec").path("ports").findValuesAsText("targetPort"))
        .containsExactly("http");
  }

  @Test
  void dockerfileRunsTheReleaseJarAsNonRootWithTheRecommendedFlagsAndAnArchiveMadeWithThem() throws IOException {
    String dockerfile = Files.readString(DOCKERFILE);
    String readme = Files.readString(Path.of("README.md"));

    assertThat(dockerfile).contains("COPY --from=build /src/gateway/target/sheaf.jar")
        .contains("USER 10001")
        .contains("EXPOSE " + GatewayConfig.DEFAULT_PORT + " " + GatewayConfig.DEFAULT_ADMIN_PORT)
        .contains("HEALTHCHECK").contains("GET /health")
        .as("JDK 25 with an AOT cache trained in the image, as the README recommends for production")
        .contains("FROM eclipse-temurin:25-jre")
        .contains("-XX:AOTCacheOutput=/app/sheaf.aot").contains("--check --check-warmup")
        .contains("-XX:AOTCache=/app/sheaf.aot");
    String flags = "-Xms256m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError";
    assertThat(dockerfile).contains("JAVA_OPTS=\"" + flags + "\"");
    assertThat(readme).contains("java " + flags);
  }
}
