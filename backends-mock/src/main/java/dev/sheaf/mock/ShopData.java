package dev.sheaf.mock;

import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The shop's data, computed from ids by pure functions: no randomness, no state. The mock services
 * serve exactly these values (before any in-memory change such as a PATCH), so tests can compute
 * the JSON they expect. Every call returns fresh objects that the caller may modify.
 */
public final class ShopData {

  /** Users "1".."1000" exist. */
  public static final int USER_COUNT = 1000;
  /** Products "p1".."p500" exist. */
  public static final int PRODUCT_COUNT = 500;
  /** Every user starts with orders o-&lt;userId&gt;-1..5, o-&lt;userId&gt;-1 being the newest. */
  public static final int ORDERS_PER_USER = 5;
  /**
   * Appended to the recommendations of users whose id is divisible by 13, although no such product
   * exists: it lets tests prove that a key missing from a batch lookup resolves to null.
   */
  public static final String UNKNOWN_PRODUCT_ID = "p9999";
  public static final String CURRENCY = "EUR";

  private static final Pattern USER_ID = Pattern.compile("[1-9]\\d{0,3}");
  private static final Pattern PRODUCT_ID = Pattern.compile("p[1-9]\\d{0,2}");
  private static final List<String> TIERS = List.of("BRONZE", "SILVER", "GOLD");
  private static final List<String> FIRST_NAMES = List.of(
      "Ada", "Alan", "Grace", "Linus", "Barbara", "Edsger", "Margaret", "Donald", "Frances", "Ken");
  private static final List<String> LAST_NAMES = List.of(
      "Lovelace", "Turing", "Hopper", "Torvalds", "Liskov", "Dijkstra", "Hamilton", "Knuth", "Allen", "Thompson");
  private static final List<String> ADJECTIVES = List.of(
      "Sturdy", "Vintage", "Compact", "Deluxe", "Rustic", "Sleek", "Cozy", "Bright", "Classic", "Nimble");
  private static final List<String> NOUNS = List.of(
      "Lamp", "Kettle", "Backpack", "Notebook", "Chair", "Mug", "Blanket", "Headphones", "Planter", "Clock");
  private static final List<String> ORDER_STATUSES = List.of("PLACED", "SHIPPED", "DELIVERED", "CANCELLED");
  private static final Instant NEWEST_SEEDED_ORDER = Instant.parse("2026-01-05T10:00:00Z");
  private static final int RECOMMENDATIONS_PER_USER = 4;

  private ShopData() {
  }

  // ---- users ----

  /** The user's number if {@code userId} is a canonical id "1".."1000" (no sign, no leading zero). */
  public static OptionalInt userNumber(String userId) {
    return parseBounded(userId, USER_ID, 0, USER_COUNT);
  }

  /** {@code {"id","fullName","tier","email"}}, or empty for an unknown id. */
  public static Optional<JsonObject> user(String userId) {
    return boxed(userNumber(userId)).map(n -> new JsonObject()
        .put("id", userId)
        .put("fullName", fullName(n))
        .put("tier", TIERS.get(n % TIERS.size()))
        .put("email", "user" + n + "@example.com"));
  }

  static String fullName(int userNumber) {
    return FIRST_NAMES.get(userNumber % FIRST_NAMES.size())
        + " " + LAST_NAMES.get(userNumber / FIRST_NAMES.size() % LAST_NAMES.size());
  }

  // ---- catalog ----

  /** The product's number if {@code productId} is "p1".."p500". */
  public static OptionalInt productNumber(String productId) {
    return parseBounded(productId, PRODUCT_ID, 1, PRODUCT_COUNT);
  }

  /** {@code {"id","name","price","currency"}}, or empty for an unknown id. */
  public static Optional<JsonObject> product(String productId) {
    return boxed(productNumber(productId)).map(n -> new JsonObject()
        .put("id", productId)
        .put("name", ADJECTIVES.get(n % ADJECTIVES.size()) + " " + NOUNS.get(n / ADJECTIVES.size() % NOUNS.size()))
        .put("price", price(n).doubleValue())
        .put("currency", CURRENCY));
  }

  /** The product's price, exact to the cent; empty for an unknown id. */
  public static Optional<BigDecimal> price(String productId) {
    return boxed(productNumber(productId)).map(ShopData::price);
  }

  private static BigDecimal price(int productNumber) {
    return cents(productNumber * 7919L % 9500 + 499);  // 4.99 .. 99.98
  }

  // ---- recommendations ----

  /**
   * Four distinct existing product ids derived from the user, plus {@link #UNKNOWN_PRODUCT_ID} at the
   * end for users whose id is divisible by 13; empty for an unknown user.
   */
  public static List<String> recommendedProductIds(String userId) {
    OptionalInt user = userNumber(userId);
    if (user.isEmpty()) {
      return List.of();
    }
    int n = user.getAsInt();
    List<String> ids = new ArrayList<>();
    for (int k = 0; k < RECOMMENDATIONS_PER_USER; k++) {
      ids.add("p" + ((n * 3 + k * 17) % PRODUCT_COUNT + 1));  // distinct: 17k mod 500 differs for k < 4
    }
    if (n % 13 == 0) {
      ids.add(UNKNOWN_PRODUCT_ID);
    }
    return List.copyOf(ids);
  }

  // ---- orders ----

  /** The user's seeded orders, newest first; empty for an unknown user. */
  public static List<JsonObject> orders(String userId) {
    OptionalInt user = userNumber(userId);
    List<JsonObject> orders = new ArrayList<>();
    for (int sequence = 1; user.isPresent() && sequence <= ORDERS_PER_USER; sequence++) {
      orders.add(seededOrder(user.getAsInt(), sequence));
    }
    return orders;
  }

  /** Seeded order {@code sequence} (1..5) of a user, as in {@link #orders(String)}. */
  static JsonObject seededOrder(int userNumber, int sequence) {
    BigDecimal total = cents((userNumber * 7919L + sequence * 104729L) % 20000 + 999);
    String status = ORDER_STATUSES.get(sequence % ORDER_STATUSES.size());
    return order(userNumber, sequence, total, status);
  }

  /**
   * An order placed through the API as the user's {@code sequence}-th order (6 and up): placed
   * after every seeded order, an hour apart, so times stay deterministic.
   */
  static JsonObject placedOrder(int userNumber, int sequence, BigDecimal total) {
    return order(userNumber, sequence, total, "PLACED");
  }

  /** What ordering these products costs, with the catalog's prices; empty if any id is unknown. */
  public static Optional<BigDecimal> orderTotal(List<String> productIds) {
    BigDecimal total = BigDecimal.ZERO.setScale(2);
    for (String id : productIds) {
      Optional<BigDecimal> price = price(id);
      if (price.isEmpty()) {
        return Optional.empty();
      }
      total = total.add(price.get());
    }
    return Optional.of(total);
  }

  static String orderId(int userNumber, int sequence) {
    return "o-" + userNumber + "-" + sequence;
  }

  private static JsonObject order(int userNumber, int sequence, BigDecimal total, String status) {
    return new JsonObject()
        .put("id", orderId(userNumber, sequence))
        .put("userId", String.valueOf(userNumber))
        .put("total", total.doubleValue())
        .put("status", status)
        .put("placedAt", placedAt(userNumber, sequence).toString());
  }

  private static Instant placedAt(int userNumber, int sequence) {
    if (sequence > ORDERS_PER_USER) {
      return NEWEST_SEEDED_ORDER.plus(Duration.ofHours(sequence - ORDERS_PER_USER));
    }
    return NEWEST_SEEDED_ORDER.minus(Duration.ofDays(3L * (sequence - 1)).plusHours(userNumber % 7));
  }

  // ---- helpers ----

  private static OptionalInt parseBounded(String id, Pattern format, int prefixLength, int max) {
    if (id == null || !format.matcher(id).matches()) {
      return OptionalInt.empty();
    }
    int n = Integer.parseInt(id.substring(prefixLength));
    return n <= max ? OptionalInt.of(n) : OptionalInt.empty();
  }

  private static Optional<Integer> boxed(OptionalInt value) {
    return value.isPresent() ? Optional.of(value.getAsInt()) : Optional.empty();
  }

  private static BigDecimal cents(long cents) {
    return BigDecimal.valueOf(cents, 2);
  }
}
