package dev.sheaf.admin;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The loggers' levels, read and changed while the gateway runs: {@code GET /loggers} (every logger
 * with a level of its own, and its effective level), {@code GET /loggers/{name}} and
 * {@code PUT /loggers/{name}} with {@code {"level": "debug"}} ({@code null} to inherit the parent's).
 * A level set here holds until the next change or restart: a reload leaves the log as it is.
 */
final class LoggerLevels {

  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
  // Logger names are class and package names: a typo such as a space or a slash is refused, not created.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*");
  private static final int MAX_BODY_BYTES = 1024;

  private final ILoggerFactory factory;

  private LoggerLevels(ILoggerFactory factory) {
    this.factory = factory;
  }

  /** Adds the routes to the admin router; the levels are those of the SLF4J backend running now. */
  static void route(Router router) {
    LoggerLevels levels = new LoggerLevels(LoggerFactory.getILoggerFactory());
    router.get("/loggers").handler(levels::list);
    router.get("/loggers/:name").handler(levels::one);
    router.put("/loggers/:name").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(levels::set);
  }

  private void list(RoutingContext ctx) {
    LoggerContext context = logback(ctx);
    if (context == null) {
      return;
    }
    JsonObject loggers = new JsonObject();
    for (Logger logger : context.getLoggerList()) {
      if (logger.getLevel() != null) {
        loggers.put(logger.getName(), describe(logger));
      }
    }
    AdminRoutes.json(ctx, 200, new JsonObject().put("levels", LEVELS.stream().sorted().toList()).put("loggers", loggers));
  }

  private void one(RoutingContext ctx) {
    LoggerContext context = logback(ctx);
    String name = ctx.pathParam("name");
    if (context == null || !validName(ctx, name)) {
      return;
    }
    Logger logger = context.exists(name);
    if (logger == null) {
      AdminRoutes.json(ctx, 404, error("no logger is named '" + name + "'; GET /loggers lists those with a level"));
      return;
    }
    AdminRoutes.json(ctx, 200, describe(logger).put("name", logger.getName()));
  }

  private void set(RoutingContext ctx) {
    LoggerContext context = logback(ctx);
    String name = ctx.pathParam("name");
    if (context == null || !validName(ctx, name)) {
      return;
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null || !body.containsKey("level") || body.size() != 1) {
      AdminRoutes.json(ctx, 400, error("the body is one JSON object with one key: {\"level\": \"debug\"}, or "
          + "{\"level\": null} to inherit the parent logger's level"));
      return;
    }
    Object given = body.getValue("level");
    String level = given instanceof String text ? text.trim().toUpperCase(Locale.ROOT) : null;
    if (given != null && (level == null || !LEVELS.contains(level))) {
      AdminRoutes.json(ctx, 400, error("'" + given + "' is not a level; write one of trace, debug, info, warn, error, "
          + "off, or null to inherit"));
      return;
    }
    Logger logger = context.getLogger(name);
    if (level == null && Logger.ROOT_LOGGER_NAME.equalsIgnoreCase(logger.getName())) {
      AdminRoutes.json(ctx, 400, error("the root logger has no parent to inherit from: give it a level"));
      return;
    }
    logger.setLevel(level == null ? null : Level.toLevel(level));
    AdminRoutes.json(ctx, 200, describe(logger).put("name", logger.getName()));
  }

  /** The Logback context, or null once the answer says the backend is another one. */
  private LoggerContext logback(RoutingContext ctx) {
    if (factory instanceof LoggerContext context) {
      return context;
    }
    // Another SLF4J backend (an embedding application's) keeps its levels in its own configuration.
    AdminRoutes.json(ctx, 501, error("the log is written by " + factory.getClass().getName()
        + ", not Logback: set its levels in its own configuration"));
    return null;
  }

  private static boolean validName(RoutingContext ctx, String name) {
    if (NAME.matcher(name).matches()) {
      return true;
    }
    AdminRoutes.json(ctx, 400, error("'" + name + "' is not a logger name: dot-separated parts of letters, digits, "
        + "'_', '$' or '-', e.g. dev.sheaf or sheaf.access; ROOT is the root logger"));
    return false;
  }

  private static JsonObject describe(Logger logger) {
    return new JsonObject()
        .put("configuredLevel", logger.getLevel() == null ? null : logger.getLevel().levelStr)
        .put("effectiveLevel", logger.getEffectiveLevel().levelStr);
  }

  private static JsonObject error(String message) {
    return new JsonObject().put("error", message);
  }
}
