package dev.sheaf.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import dev.sheaf.config.LogsConfig;
import java.util.HashMap;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The gateway's log: one appender on stdout writing JSON lines (for a collector) or text (for a
 * person), in batches (see {@link BatchedStdoutAppender}), and the level of each logger. Credentials
 * never reach it: fields named like them are masked, and so is anything shaped like a bearer token or
 * a JWT, wherever it appears (a message, a key-value pair, an exception's message).
 */
public final class LogSetup {

  static final String APPENDER = "stdout";
  /** What stands in for a masked value. */
  public static final String MASK = "[redacted]";
  // "Bearer <token>", "Basic <credentials>", and a JWT's three base64url parts (its header always starts "eyJ").
  static final String CREDENTIAL = "(?i)(?:bearer|basic)\\s+[A-Za-z0-9._~+/=-]+";
  static final String JWT = "eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*";
  private static final String[] SECRET_FIELDS = {"authorization", "proxy-authorization", "cookie", "set-cookie",
      "token", "accessToken", "access_token", "password", "secret", "clientSecret", "client_secret"};
  private static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{30}%requestId - "
      + "%replace(%msg %kvp){'" + CREDENTIAL + "|" + JWT + "', '" + MASK + "'}%n"
      + "%replace(%ex){'" + CREDENTIAL + "|" + JWT + "', '" + MASK + "'}%nopex";

  private LogSetup() {
  }

  /**
   * Writes the log as {@code config} says, from now on: the format of the one appender and the
   * loggers' levels. An operator's own Logback file ({@code -Dlogback.configurationFile}, or a
   * {@code logback-test.xml} on the class path) is left alone.
   */
  public static void apply(LogsConfig config) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context) || hasOwnSetup()) {
      return; // another SLF4J backend (an embedding application's), or the operator's file: they decide
    }
    install(context, config);
  }

  static boolean hasOwnSetup() {
    return System.getProperty("logback.configurationFile") != null
        || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null;
  }

  /** As {@link #apply}, whatever set the log up before. */
  public static void install(LoggerContext context, LogsConfig config) {
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    BatchedStdoutAppender appender = new BatchedStdoutAppender();
    appender.setContext(context);
    appender.setName(APPENDER);
    appender.setEncoder(config.format() == LogsConfig.Format.JSON ? json(context) : text(context));
    appender.start();
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
    bridgeJavaUtilLogging(context);
    root.setLevel(Level.INFO);
    config.levels().forEach((logger, level) -> context.getLogger(logger).setLevel(Level.toLevel(level)));
  }

  /**
   * The OpenTelemetry SDK (an exporter that cannot reach its collector, say) logs through
   * java.util.logging: into this log too, in its format. The propagator copies Logback's levels to
   * java.util.logging, so a disabled level costs nothing there.
   */
  private static void bridgeJavaUtilLogging(LoggerContext context) {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    for (LoggerContextListener listener : context.getCopyOfListenerList()) {
      if (listener instanceof LevelChangePropagator) {
        context.removeListener(listener);
      }
    }
    LevelChangePropagator levels = new LevelChangePropagator();
    levels.setContext(context);
    levels.setResetJUL(true);
    levels.start();
    context.addListener(levels);
  }

  private static Encoder<ILoggingEvent> json(LoggerContext context) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    LogstashFieldNames names = new LogstashFieldNames();
    names.setTimestamp("timestamp");
    names.setLogger("logger");
    names.setThread("thread");
    names.setStackTrace("stackTrace");
    names.setVersion("[ignore]");
    names.setLevelValue("[ignore]");
    encoder.setFieldNames(names);
    encoder.setIncludeContext(false);
    // The pairs by a provider of ours that writes plain values itself (see KeyValueFields).
    encoder.setIncludeKeyValuePairs(false);
    encoder.addProvider(new KeyValueFields());
    encoder.addProvider(new RequestFields());
    MaskingJsonGeneratorDecorator masking = new MaskingJsonGeneratorDecorator();
    masking.setDefaultMask(MASK);
    for (String field : SECRET_FIELDS) {
      masking.addPath(field);
    }
    masking.addValueMasker(new CredentialMasker());
    masking.start();
    encoder.setJsonGeneratorDecorator(masking);
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> text(LoggerContext context) {
    registerConverter(context);
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(TEXT_PATTERN);
    encoder.start();
    return encoder;
  }

  @SuppressWarnings("unchecked")
  private static void registerConverter(LoggerContext context) {
    Map<String, String> rules = (Map<String, String>) context.getObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY);
    if (rules == null) {
      rules = new HashMap<>();
      context.putObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY, rules);
    }
    rules.put("requestId", RequestIdConverter.class.getName());
  }
}
