package dev.sheaf.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import dev.sheaf.backend.grpc.ProtoFolder;
import dev.sheaf.backend.grpc.ProtoJson;
import dev.sheaf.backend.grpc.ProtoRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warm-up's made-up gRPC answers: every kind of field set, decodable, and convertible to JSON as real ones are. */
class SampleMessagesTest {

  private static final Descriptor PRODUCT = ProtoRegistry
      .of(ProtoFolder.read(Path.of("gateway/src/test/protos")), "test")
      .method("conformance.v1.ShopService", "GetProduct").getOutputType();

  @Test
  void everyKindOfFieldIsSetAndTheAnswerReadsAsJson() throws Exception {
    DynamicMessage sample = SampleMessages.of(PRODUCT);

    DynamicMessage decoded = DynamicMessage.parseFrom(PRODUCT, sample.toByteArray());
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) new ProtoJson(new ObjectMapper()).toJson(decoded);

    assertThat(json.get("id")).as("strings named like keys are the sample key, so entity batches match")
        .isEqualTo(SampleValues.KEY);
    assertThat(json.get("displayName")).as("other strings are a few words").isEqualTo(SampleValues.TEXT);
    assertThat(json.get("status")).as("enums: the first value besides the zero, unspecified one")
        .isEqualTo("STATUS_ACTIVE");
    assertThat((List<?>) json.get("variants")).hasSize(1);
    assertThat((Map<?, ?>) json.get("variantsBySku")).hasSize(1);
    assertThat(json.get("rating")).as("optional fields are set too").isEqualTo(SampleValues.NUMBER);
    assertThat(json.get("s64")).as("64-bit numbers read as text").isEqualTo(String.valueOf(SampleValues.NUMBER));
    assertThat(json).as("one member of a oneof").containsKey("inStock").doesNotContainKeys("restockAt", "note");
    assertThat(json).containsKeys("shelfLife", "stockHint", "subtitle", "attributes", "extra", "tags", "anything",
        "thumbnail");
  }
}
