package dev.sheaf.mock.inventory;

import dev.sheaf.mock.ShopData;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The inventory's data, computed from the catalog's product ids by pure functions like
 * {@link ShopData}: tests call them to compute the stock they expect.
 */
public final class InventoryData {

  /** Where products are stocked, picked by product number. */
  public static final List<String> WAREHOUSES = List.of("AMS-1", "BER-2", "LIS-3");
  /** Every product whose number is a multiple of this is out of stock (p25, p50, ... p500). */
  public static final int OUT_OF_STOCK_EVERY = 25;

  /**
   * One product's stock, the Java twin of the proto message {@code inventory.v1.Stock}.
   *
   * @param productId a catalog id, e.g. {@code p7}
   * @param available units on hand, 0..99
   * @param warehouse one of {@link #WAREHOUSES}
   */
  public record Stock(String productId, int available, String warehouse) {

    public Stock {
      Objects.requireNonNull(productId, "productId");
      Objects.requireNonNull(warehouse, "warehouse");
    }
  }

  private InventoryData() {
  }

  /** Units on hand of product number {@code n} (1..500): 0 for every 25th product, else 1..99. */
  public static int available(int productNumber) {
    return productNumber % OUT_OF_STOCK_EVERY == 0 ? 0 : productNumber * 37 % 100;
  }

  /** The warehouse of product number {@code n}: {@link #WAREHOUSES} in turn. */
  public static String warehouse(int productNumber) {
    return WAREHOUSES.get(productNumber % WAREHOUSES.size());
  }

  /**
   * What {@code GetStock} answers: one entry per known product, in request order; unknown ids are
   * left out, and a repeated id is answered once (at its first position).
   */
  public static List<Stock> stock(List<String> productIds) {
    List<Stock> items = new ArrayList<>();
    for (String id : new LinkedHashSet<>(productIds)) {
      OptionalInt number = ShopData.productNumber(id);
      if (number.isPresent()) {
        int n = number.getAsInt();
        items.add(new Stock(id, available(n), warehouse(n)));
      }
    }
    return items;
  }
}
