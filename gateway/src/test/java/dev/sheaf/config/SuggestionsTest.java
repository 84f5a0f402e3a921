package dev.sheaf.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

  private static final List<String> TYPES = List.of("User", "Order", "Hours", "Store", "Product");

  @Test
  void theClosestNameComesFirst() {
    assertThat(Suggestions.closestFirst("Hour", TYPES)).startsWith("Hours");
    assertThat(Suggestions.closestFirst("prodcut", TYPES)).startsWith("Product");
  }

  @Test
  void aLikelyMisspellingIsNamedAndAnUnrelatedNameIsNot() {
    assertThat(Suggestions.didYouMean("Hour", TYPES)).isEqualTo(" Did you mean 'Hours'?");
    assertThat(Suggestions.didYouMean("Warehouse", TYPES)).isEmpty();
    assertThat(Suggestions.didYouMean("x", List.of())).isEmpty();
  }

  @Test
  void aLongListIsCutAfterADozen() {
    List<String> many = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "T" + i).toList();

    assertThat(Suggestions.listClosestFirst("T1", many)).startsWith("T1, ").endsWith(", …");
  }
}
