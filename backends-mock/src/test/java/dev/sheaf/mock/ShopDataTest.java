package dev.sheaf.mock;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShopDataTest {

  @Test
  void onlyCanonicalIdsExist() {
    assertThat(ShopData.user("1")).isPresent();
    assertThat(ShopData.user("1000")).isPresent();
    assertThat(ShopData.user("1001")).isEmpty();
    assertThat(ShopData.user("01")).isEmpty();
    assertThat(ShopData.user("-1")).isEmpty();
    assertThat(ShopData.product("p500")).isPresent();
    assertThat(ShopData.product("p0")).isEmpty();
    assertThat(ShopData.product("P1")).isEmpty();
  }

  @Test
  void userFieldsFollowTheDocumentedRules() {
    assertThat(ShopData.user("42").orElseThrow().getString("tier")).isEqualTo("BRONZE");  // 42 % 3 == 0
    assertThat(ShopData.user("43").orElseThrow().getString("tier")).isEqualTo("SILVER");
    assertThat(ShopData.user("44").orElseThrow().getString("email")).isEqualTo("user44@example.com");
  }

  @Test
  void pricesHaveTwoDecimalsAndTotalsAddThemUp() {
    BigDecimal p1 = ShopData.price("p1").orElseThrow();
    BigDecimal p2 = ShopData.price("p2").orElseThrow();
    assertThat(p1.scale()).isEqualTo(2);
    assertThat(ShopData.orderTotal(List.of("p1", "p2"))).contains(p1.add(p2));
    assertThat(ShopData.orderTotal(List.of("p1", ShopData.UNKNOWN_PRODUCT_ID))).isEmpty();
  }

  @Test
  void everyUserGetsFourDistinctExistingRecommendations() {
    for (int user = 1; user <= ShopData.USER_COUNT; user++) {
      List<String> ids = ShopData.recommendedProductIds(String.valueOf(user));
      List<String> known = ids.stream().filter(id -> ShopData.product(id).isPresent()).toList();
      assertThat(known).hasSize(4);
      assertThat(new HashSet<>(known)).hasSize(4);
      assertThat(ids.contains(ShopData.UNKNOWN_PRODUCT_ID)).isEqualTo(user % 13 == 0);
    }
  }

  @Test
  void ordersAreNewestFirst() {
    List<String> times = ShopData.orders("42").stream().map(order -> order.getString("placedAt")).toList();
    assertThat(times).hasSize(ShopData.ORDERS_PER_USER).isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(ShopData.orders("nobody")).isEmpty();
  }
}
