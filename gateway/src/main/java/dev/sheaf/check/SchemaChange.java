package dev.sheaf.check;

import graphql.schema.diff.DiffCategory;
import graphql.schema.diff.DiffEvent;
import graphql.schema.diff.DiffLevel;
import java.util.Locale;

/**
 * One difference between the previous schema and the current one, as graphql-java's schema diff
 * reports it: how serious ({@code breaking}: existing clients' documents may stop validating;
 * {@code dangerous}: they validate but may behave differently; {@code info}: e.g. an addition),
 * what kind of change, where, and what changed.
 */
public record SchemaChange(DiffLevel level, DiffCategory category, String coordinate, String description) {

  static SchemaChange of(DiffEvent event) {
    String coordinate = event.getTypeName() == null ? "(schema)" : event.getTypeName();
    if (event.getFieldName() != null) {
      coordinate += "." + event.getFieldName();
    }
    return new SchemaChange(event.getLevel(), event.getCategory(), coordinate, event.getReasonMsg());
  }

  public boolean breaking() {
    return level == DiffLevel.BREAKING;
  }

  /** One line: level, kind, type or field, what changed. */
  public String line() {
    return String.format("%-9s  %-12s  %s: %s", level.name().toLowerCase(Locale.ROOT), kind(), coordinate,
        description);
  }

  private String kind() {
    return switch (category) {
      case MISSING -> "removed";
      case STRICTER -> "stricter";
      case INVALID -> "invalid";
      case ADDITION -> "added";
      case DIFFERENT -> "changed";
      case DEPRECATION_ADDED -> "deprecated";
      case DEPRECATION_REMOVED -> "undeprecated";
    };
  }
}
